"""Phone numbers read one way (``core.phones``): a page sends what was typed and shows the answer.

Public, as the client pages that ask are: nothing is looked up or stored, the number is only read.
"""

from typing import Annotated

from fastapi import APIRouter, Query
from pydantic import BaseModel

from core import phones
from scheduling.schemas import PhoneNumber

router = APIRouter(prefix="/api/v1/phone-numbers", tags=["phone numbers"])


class PhoneNumberRead(BaseModel):
    e164: str
    mobile: bool


@router.get("", response_model=PhoneNumberRead)
async def read_phone_number(
    number: Annotated[
        PhoneNumber, Query(description="As typed: Finnish (040 123 4567) or international")
    ],
) -> PhoneNumberRead:
    """The number in its international form and whether it takes SMS; 422 when it is none."""
    return PhoneNumberRead(e164=number, mobile=phones.is_mobile(phones.parse(number)))
