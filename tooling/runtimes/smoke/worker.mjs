// The entry of workerd (through miniflare): a module worker whose fetch handler runs the smoke
// test with the setup it is posted and answers the outcome as JSON. A failure is answered as
// status 500 with the error's own text, for the driver to report.
import { smoke } from './smoke.mjs';

export default {
  async fetch(request) {
    try {
      return Response.json(await smoke(await request.json()));
    } catch (error) {
      return new Response(error instanceof Error ? (error.stack ?? String(error)) : String(error), { status: 500 });
    }
  },
};
