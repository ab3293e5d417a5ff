"""The running bot: settings, the composition root (`app`), the reply worker, HTTP endpoints.

`app.App` is the wiring plus its parts `handling`, `running_state` and `outgoing`. The
outermost package: it may import every other package, and none imports it (`config` is the
only reader of `os.environ`).
"""
