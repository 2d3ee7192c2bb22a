"""Running the platform in production: settings checks, metrics, structured logs, probes, the proxy's
TLS question."""
