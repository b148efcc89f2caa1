"""The one settings object, read from ``CASELEARN_*`` environment variables at entry points only."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Literal

from pydantic import AliasChoices, Field, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from index.models import VersionPolicy

if TYPE_CHECKING:
    from index import IndexConfig

PageSize = Literal["A4", "letter"]


class Settings(BaseSettings):
    """Deployment settings. Library code receives these values as arguments, never reads the environment."""

    model_config = SettingsConfigDict(env_prefix="CASELEARN_", env_file=".env", extra="ignore")

    data_dir: Path = Field(default=Path("data"), description="where documents, the index and feedback are kept")
    chroma_url: str | None = Field(default=None, description="a Chroma server, e.g. http://localhost:8000")
    chroma_collection: str = "caselearn"
    embedding_model: str = Field(
        default="all-MiniLM-L6-v2", description="a name or a local sentence-transformers folder"
    )
    api_key: str | None = Field(default=None, description="when set, changing documents needs this bearer token")
    partnership: str = Field(default="national", description="partnership profile: wiltshire, cheshire-west, national")
    page_size: PageSize = Field(default="A4", description="page size of Word briefings: A4 or letter")

    @field_validator("page_size", mode="before")
    @classmethod
    def _page_size_any_case(cls, value: object) -> object:
        """ "a4", "Letter" and "LETTER" are what a deployer means."""
        if isinstance(value, str):
            return {"a4": "A4", "letter": "letter"}.get(value.strip().lower(), value)
        return value

    max_upload_mb: int = 50
    versions: VersionPolicy = Field(
        default="replace",
        description="a newer version of a document (same title, later year) replaces the older one (replace) "
        "or is kept beside it (keep)",
    )
    max_question_chars: int = 2000
    ask_rate_limit: int = Field(
        default=60,
        description="questions a minute per client address on /ask and /referral-check; 0 turns the limit off",
    )
    trusted_proxies: str = Field(
        default="127.0.0.1,::1",
        description="comma-separated addresses of reverse proxies whose X-Forwarded-For names the client "
        "(for the per-client limit); empty: trust none, '*': trust any",
    )
    cors_origins: str = Field(default="", description="comma-separated origins allowed by CORS; empty: none")
    # Optional LLM: nothing is sent anywhere unless a deployer sets a provider.
    llm_provider: str | None = Field(default=None, description="ollama or openai (any OpenAI-compatible endpoint)")
    llm_model: str = "llama3.1"
    llm_base_url: str | None = None
    llm_api_key: str | None = None
    llm_timeout: float = 20.0
    # Feedback and channels (Slack, Microsoft Teams).
    feedback_store_text: bool = Field(
        default=False, description="store the question text with feedback (default: a salted hash only)"
    )
    public_url: str | None = Field(
        default=None, description="this service's public address; makes document links in Slack and Teams absolute"
    )
    slack_bot_token: str | None = Field(
        default=None, validation_alias=AliasChoices("slack_bot_token", "CASELEARN_SLACK_BOT_TOKEN", "SLACK_BOT_TOKEN")
    )
    slack_signing_secret: str | None = Field(
        default=None,
        validation_alias=AliasChoices("slack_signing_secret", "CASELEARN_SLACK_SIGNING_SECRET", "SLACK_SIGNING_SECRET"),
    )
    slack_app_token: str | None = Field(
        default=None, validation_alias=AliasChoices("slack_app_token", "CASELEARN_SLACK_APP_TOKEN", "SLACK_APP_TOKEN")
    )
    slack_api_url: str = Field(default="https://slack.com/api/", description="Slack Web API base URL (proxies, tests)")
    teams_enabled: bool = Field(default=False, description="serve Microsoft Teams activities at /api/messages")
    teams_client_id: str | None = Field(
        default=None, description="the bot's Entra app id; when set, tokens are checked"
    )
    teams_client_secret: str | None = None
    teams_tenant_id: str | None = None

    def index_config(self) -> IndexConfig:
        from index import IndexConfig

        return IndexConfig(
            data_dir=self.data_dir,
            embedding_model=self.embedding_model,
            chroma_url=self.chroma_url or None,
            collection=self.chroma_collection,
        )
