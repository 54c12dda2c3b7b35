import { spawn } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Readable, Writable } from "node:stream";

export interface PageCheck {
  /** Every <img>: its alt text, whether it decoded, and its natural size. */
  images: { alt: string; complete: boolean; naturalWidth: number; naturalHeight: number }[];
  /** Requests for anything but file: and data: URLs. */
  networkRequests: string[];
  /** console.error calls, uncaught exceptions and error log entries. */
  consoleErrors: string[];
}

/**
 * Opens a file:// page in headless Chromium, driven through the DevTools protocol over a pipe
 * (node built-ins only, no puppeteer): records network requests and console errors, checks
 * every image, saves a full-page screenshot.
 */
export async function checkPage(url: string, screenshot: string): Promise<PageCheck> {
  const profile = mkdtempSync(join(tmpdir(), "sb-chromium-"));
  const proc = spawn(
    "chromium",
    ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run", `--user-data-dir=${profile}`, "--remote-debugging-pipe", "about:blank"],
    // Its own process group: the renderer and crashpad children it forks are killed with it,
    // so none is still writing into the profile when it is removed.
    { stdio: ["ignore", "ignore", "ignore", "pipe", "pipe"], detached: true },
  );
  const toBrowser = proc.stdio[3] as Writable;
  const fromBrowser = proc.stdio[4] as Readable;
  let nextId = 1;
  const pending = new Map<number, { resolve: (v: any) => void; reject: (e: Error) => void }>();
  const listeners: ((m: any) => void)[] = [];
  let buffer = "";
  fromBrowser.on("data", (chunk: Buffer) => {
    buffer += chunk.toString("utf8");
    let k: number;
    while ((k = buffer.indexOf("\0")) >= 0) {
      const msg = JSON.parse(buffer.slice(0, k));
      buffer = buffer.slice(k + 1);
      if (msg.id !== undefined && pending.has(msg.id)) {
        const p = pending.get(msg.id)!;
        pending.delete(msg.id);
        if (msg.error) p.reject(new Error(`${msg.error.message}`));
        else p.resolve(msg.result);
      } else for (const l of listeners) l(msg);
    }
  });
  const send = (method: string, params: object = {}, sessionId?: string): Promise<any> =>
    new Promise((resolve, reject) => {
      const id = nextId++;
      pending.set(id, { resolve, reject });
      toBrowser.write(JSON.stringify({ id, method, params, ...(sessionId ? { sessionId } : {}) }) + "\0");
    });
  const networkRequests: string[] = [];
  const consoleErrors: string[] = [];
  try {
    const { targetInfos } = await send("Target.getTargets");
    const page = targetInfos.find((t: any) => t.type === "page");
    const { sessionId } = await send("Target.attachToTarget", { targetId: page.targetId, flatten: true });
    let loaded: () => void = () => {};
    const loadedPromise = new Promise<void>((r) => (loaded = r));
    listeners.push((m) => {
      if (m.sessionId !== sessionId) return;
      if (m.method === "Network.requestWillBeSent") {
        const u: string = m.params.request.url;
        if (!u.startsWith("file:") && !u.startsWith("data:")) networkRequests.push(u);
      } else if (m.method === "Runtime.consoleAPICalled" && (m.params.type === "error" || m.params.type === "assert")) {
        consoleErrors.push(m.params.args.map((a: any) => a.value ?? a.description ?? "").join(" "));
      } else if (m.method === "Runtime.exceptionThrown") {
        consoleErrors.push(m.params.exceptionDetails.text);
      } else if (m.method === "Log.entryAdded" && m.params.entry.level === "error") {
        consoleErrors.push(`${m.params.entry.source}: ${m.params.entry.text}`);
      } else if (m.method === "Page.loadEventFired") loaded();
    });
    for (const domain of ["Network", "Runtime", "Log", "Page"]) await send(`${domain}.enable`, {}, sessionId);
    await send("Page.navigate", { url }, sessionId);
    await Promise.race([loadedPromise, new Promise((_, rej) => setTimeout(() => rej(new Error("page did not load in 30 s")), 30_000))]);
    const { result } = await send(
      "Runtime.evaluate",
      {
        expression: `Promise.all([...document.images].map(i => i.decode().then(() => true, () => false).then(ok => ({ alt: i.alt, complete: i.complete && ok, naturalWidth: i.naturalWidth, naturalHeight: i.naturalHeight }))))`,
        awaitPromise: true,
        returnByValue: true,
      },
      sessionId,
    );
    const { cssContentSize } = await send("Page.getLayoutMetrics", {}, sessionId);
    const shot = await send("Page.captureScreenshot", { format: "png", captureBeyondViewport: true, clip: { x: 0, y: 0, width: Math.ceil(cssContentSize.width), height: Math.min(Math.ceil(cssContentSize.height), 16000), scale: 1 } }, sessionId);
    writeFileSync(screenshot, Buffer.from(shot.data, "base64"));
    await send("Browser.close").catch(() => undefined);
    return { images: result.value, networkRequests, consoleErrors };
  } finally {
    const exited = proc.exitCode !== null || proc.signalCode !== null ? Promise.resolve() : new Promise<void>((r) => proc.once("exit", () => r()));
    proc.kill();
    await exited;
    try {
      process.kill(-proc.pid!, "SIGKILL");
    } catch {
      // the group has already gone
    }
    rmSync(profile, { recursive: true, force: true, maxRetries: 10, retryDelay: 200 });
  }
}
