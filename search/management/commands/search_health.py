import json

from django.core.management.base import BaseCommand, CommandError

from search.health import search_status


class Command(BaseCommand):
    help = (
        "Print the health of the configured search backend: with SEARCH_BACKEND=elasticsearch the "
        "engine's cluster status, index alias and document count, the fallback, and whether the "
        "engine missed writes and needs `search_rebuild`. Exits 1 unless the status is ok."
    )

    def add_arguments(self, parser):
        parser.add_argument("--json", action="store_true", help="Print the /healthz JSON.")

    def handle(self, *args, **options):
        status = search_status()
        if options["json"]:
            self.stdout.write(json.dumps(status, ensure_ascii=False, indent=2))
        else:
            self.stdout.write(f"search backend: {status['backend']}  status: {status['status']}")
            engine = status.get("engine")
            if engine:
                line = f"engine: {engine['status']}"
                if engine.get("detail"):
                    line += f" ({engine['detail']})"
                self.stdout.write(line)
                for label, key in [
                    ("client", "client"),
                    ("cluster status", "cluster_status"),
                    ("alias", "index"),
                    ("indices", "indices"),
                    ("documents", "documents"),
                ]:
                    if key in engine:
                        value = engine[key]
                        if isinstance(value, list):
                            value = ", ".join(value) or "none"
                        self.stdout.write(f"{label}: {value}")
                self.stdout.write(f"fallback: {status['fallback']}")
            rebuild = status.get("needs_rebuild")
            if rebuild:
                self.stdout.write(
                    f"needs rebuild since {rebuild['since']} ({rebuild['reason']}): "
                    "run manage.py search_rebuild"
                )
        if status["status"] != "ok":
            raise CommandError(f"search is {status['status']}")
