from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ImpactConfig(AppConfig):
    """Privacy-scrubbed impact statistics: a separate app because it reads several others
    (volunteer, directory) only through their public functions, and because everything it
    publishes must pass through one privacy module (impact/privacy.py)."""

    name = "impact"
    verbose_name = _("Impact statistics")

    def ready(self):
        # The open-data catalogue lists the statistics as one more dataset (CSV).
        from opendata.datasets import DATASETS

        from .opendata import IMPACT_DATASET, IMPACT_TIDY_DATASET

        for dataset in (IMPACT_DATASET, IMPACT_TIDY_DATASET):
            DATASETS.setdefault(dataset.slug, dataset)
