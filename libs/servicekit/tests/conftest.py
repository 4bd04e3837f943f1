import pytest
from sqlalchemy import create_engine

from servicekit.messaging_tables import metadata
from servicekit.migrate import ensure_database
from servicekit.testing import drop_database, test_database_url, truncate_all

_created = False


@pytest.fixture
def service_database_url() -> str:
    """A scratch database holding only the messaging tables (outbox, processed events), for the
    small services these tests define."""
    global _created
    url = test_database_url("servicekit")
    if not _created:
        drop_database(url)
        ensure_database(url)
        engine = create_engine(url)
        metadata.create_all(engine)
        engine.dispose()
        _created = True
    truncate_all(url)
    return url
