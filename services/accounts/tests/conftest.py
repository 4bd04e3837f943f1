import pytest

from accounts.service import AccountsService


@pytest.fixture(scope="session")
def service_under_test():
    """For servicekit.testing's fixtures: db, config, container, rpc."""
    return AccountsService


@pytest.fixture
def mail_folder(tmp_path, monkeypatch):
    """Mail goes as .eml files into a folder of the test's own, with links to a known portal."""
    monkeypatch.setenv("MAIL_DIR", str(tmp_path / "mail"))
    monkeypatch.delenv("SMTP_URL", raising=False)
    monkeypatch.setenv("PORTAL_URL", "http://portal.test/fulfilmentportal")
    return tmp_path / "mail"
