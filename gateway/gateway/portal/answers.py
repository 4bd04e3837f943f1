"""Pages that ask several services at once (`RpcClient.call_all`): a service that does not
answer leaves its part of the page saying so, the rest is shown."""
from nameko.exceptions import RemoteError

from gateway.rpc import ServiceUnavailable


class Unavailable:
    """A part of the page whose service did not answer in time."""

    def __bool__(self) -> bool:
        return False


UNAVAILABLE = Unavailable()


def answered(answers: dict[str, object]) -> dict[str, object]:
    """Each answer, or UNAVAILABLE for a service that did not answer; a refusal is a fault of
    ours (pages ask only what the contracts allow) and fails the page as any other page."""
    for answer in answers.values():
        if isinstance(answer, RemoteError):
            raise answer
    return {key: UNAVAILABLE if isinstance(answer, ServiceUnavailable) else answer for key, answer in answers.items()}


def every_answer(answers: dict[str, object]) -> dict[str, object]:
    """Each answer, for a page that needs them all: the first failure fails the page as a single
    call would (ServiceUnavailable: 503; a refusal such as ProductNotFound: its page)."""
    for answer in answers.values():
        if isinstance(answer, Exception):
            raise answer
    return answers
