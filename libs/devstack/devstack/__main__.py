"""`python -m devstack`: what `make run` does. Everything up, demo data in, URL and logins printed;
a process that exits is restarted; Ctrl-C stops it all."""
import signal
import sys

from nameko.standalone.rpc import ClusterRpcProxy

from devstack.demo_data import seed
from devstack.infrastructure import InfrastructureMissing
from devstack.stack import Stack, StackFailed, StackSettings
from servicekit.config import env


def _interrupt(signum, frame):
    raise KeyboardInterrupt


def main() -> int:
    # Stopped by a supervisor or `kill` rather than Ctrl-C: take the processes down all the same.
    signal.signal(signal.SIGTERM, _interrupt)
    signal.signal(signal.SIGHUP, _interrupt)
    try:
        settings = StackSettings.from_environment()
    except StackFailed as error:
        print(f"\nThe system did not start: {error}", file=sys.stderr)
        return 1
    password = env("DEMO_PASSWORD", "demo-password")
    operator_key = env("DEMO_OPERATOR_API_KEY", "demo-operator-key")
    stack = Stack(settings)
    try:
        print("Checking PostgreSQL and RabbitMQ, migrating databases…", flush=True)
        stack.prepare()
        stack.start()
        stack.wait_until_healthy()
        with ClusterRpcProxy({"AMQP_URI": settings.amqp_uri, "serializer": "json"}) as rpc:
            demo = seed(rpc, password, operator_key)
    except InfrastructureMissing as error:
        print(f"\n{error}", file=sys.stderr)
        return 1
    except StackFailed as error:
        print(f"\nThe system did not start: {error}", file=sys.stderr)
        stack.stop()
        return 1
    except KeyboardInterrupt:
        stack.stop()
        return 130
    print(banner(settings, demo, password, operator_key), flush=True)
    try:
        while True:  # the processes restart themselves; only a signal ends this
            signal.pause()
    except KeyboardInterrupt:
        print("\nStopping…", flush=True)
        return 0
    finally:
        stack.stop()


def mail_line(settings: StackSettings) -> str:
    smtp_url = env("SMTP_URL", "")
    if smtp_url:
        return "through " + smtp_url.split("@")[-1]  # the host, not the password
    return f"written as .eml files into {settings.mail_dir}/ (invites, password resets, stock alerts, goods received)"


def metrics_line(settings: StackSettings) -> str:
    ports = settings.metrics_ports
    return (f"http://127.0.0.1:{ports['gateway']}/metrics (gateway), ports "
            f"{min(ports.values()) + 1}-{max(ports.values())} for " + ", ".join(name for name in ports if name != "gateway"))


def banner(settings: StackSettings, demo: dict, password: str, operator_key: str) -> str:
    logins = "\n".join(f"    {username:<14} / {password:<16} ({name}, {language})"
                       for name, username, language in demo["logins"])
    return f"""
================================================================================
  Fulfilment portal is running

  Portal:        {settings.base_url}/fulfilmentportal/
  Portal logins (username / password):
{logins}
  Operator API key (HTTP Basic user name, any password):  {operator_key}
    curl -u {operator_key}: {settings.base_url}/api/v1/fulfilment/customers
  Health:        {settings.base_url}/healthz   Ready: {settings.base_url}/readyz
  Metrics:       {metrics_line(settings)}
  Emails sent:   {mail_line(settings)}

  Ctrl-C stops everything.
================================================================================
"""


if __name__ == "__main__":
    sys.exit(main())
