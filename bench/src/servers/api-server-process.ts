// Entry of the child process that runs the loopback API server, so that its sockets and its
// event loop are not the benchmark's (10,000 client sockets in one process are enough).
import { serveApi } from './api-server.js';

const { port } = await serveApi();
process.send?.({ port });
process.on('disconnect', () => process.exit(0));
