"""The pytest plugin of sgpay, registered through the ``pytest11`` entry point.

It adds the fixture ``sgpay_sandbox``: a :class:`sgpay.testing.Sandbox` started for the
test and stopped after it, whatever the test did::

    import sgpay

    def test_a_declined_card_is_an_outcome(sgpay_sandbox):
        with sgpay_sandbox.client() as client:
            result = client.pay(payment_with_card("4000000000000002"))
        assert result.outcome is sgpay.Outcome.DECLINED

The kit (:mod:`sgpay.testing`) is imported only when a test asks for the fixture, and no
sandbox runs unless one does.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Iterator

import pytest

if TYPE_CHECKING:
    from .testing import Sandbox

__all__ = ["sgpay_sandbox"]


@pytest.fixture
def sgpay_sandbox() -> Iterator[Sandbox]:
    """A running sandbox of the Smart Glocal API for this test (see :mod:`sgpay.testing`).

    ``sgpay_sandbox.client()`` is a client ready to use; ``.fault``, ``.stats``,
    ``.advance_clock`` and ``.webhooks`` control and observe it.
    """
    from .testing import Sandbox

    with Sandbox() as sandbox:
        yield sandbox
