"""The languages Neuvo knows (public: the client page lists them by their own names)."""

from fastapi import APIRouter
from pydantic import BaseModel

from core import languages

router = APIRouter(prefix="/api/v1/languages", tags=["languages"])


class LanguageRead(BaseModel):
    code: str
    english: str
    endonym: str
    script: str
    direction: str


@router.get("", response_model=list[LanguageRead])
async def list_languages() -> list[LanguageRead]:
    """Every language in the registry with its endonym and script direction."""
    return [
        LanguageRead(
            code=item.code,
            english=item.english,
            endonym=item.endonym,
            script=item.script,
            direction=item.direction,
        )
        for item in languages.LANGUAGES.values()
    ]
