"""`nrwkg serve`: a read-only SPARQL 1.1 Protocol endpoint with limits, the query page and the built site.

Modules: `server` (the HTTP server and its settings), `handler` (routes, CORS, errors),
`protocol` (where the query is; update refusals), `safety` (the check of the canonical query
text), `admission` (per-client limit, bounded queue, a lane for cheap queries), `generation` (the
build being served, followed across builds), `pool` and `worker` (query processes with a hard
time limit and a row limit), `allocator` (jemalloc for the workers, where installed), `negotiate` (result formats),
`description` (the service description), `page` and `examples` (the query page), `static`
(files of the build folder), `loadtest` (concurrent clients measuring throughput and latency),
`remote` (a SPARQL endpoint the workers query instead of build/store: `nrwkg serve --backend URL`).
"""

from __future__ import annotations

from nrwkg.serve.server import Settings, SparqlServer, make_server, serve

__all__ = ["Settings", "SparqlServer", "make_server", "serve"]
