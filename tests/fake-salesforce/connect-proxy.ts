import http from "node:http";
import net from "node:net";

export type ProxyLogEntry = { at: string; target: string; proxyAuthorization: boolean };

/**
 * A corporate egress proxy for tests: answers CONNECT for any host:443 by tunnelling to one local TLS port (the fake
 * Salesforce posing as that host), and records each CONNECT target. Plain requests get 405.
 */
export async function startConnectProxy(opts: {
  port: number;
  tunnelTo: number;
  log: ProxyLogEntry[];
}): Promise<http.Server> {
  const server = http.createServer((_req, res) => res.writeHead(405).end());
  server.on("connect", (req: http.IncomingMessage, client: net.Socket, head: Buffer) => {
    opts.log.push({
      at: new Date().toISOString(),
      target: req.url ?? "",
      proxyAuthorization: Boolean(req.headers["proxy-authorization"]),
    });
    if (!/:443$/.test(req.url ?? "")) {
      client.end("HTTP/1.1 403 Forbidden\r\n\r\n");
      return;
    }
    const upstream = net.connect(opts.tunnelTo, "127.0.0.1", () => {
      client.write("HTTP/1.1 200 Connection Established\r\n\r\n");
      if (head.length > 0) upstream.write(head);
      upstream.pipe(client);
      client.pipe(upstream);
    });
    const drop = () => {
      upstream.destroy();
      client.destroy();
    };
    upstream.on("error", drop);
    client.on("error", drop);
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(opts.port, "127.0.0.1", () => resolve());
  });
  return server;
}
