"""Shared by the catalog's service tests."""
import pytest
from nameko.exceptions import RemoteError


def refusal(call, *args) -> RemoteError:
    """The error a call answers with; fails the test if it answers normally."""
    with pytest.raises(RemoteError) as error:
        call(*args)
    return error.value
