# Fixtures every service test suite shares (test databases, the test broker vhost).
pytest_plugins = ["servicekit.testing"]
