"""The composition root: settings and an index in, the assistant every channel shares out.

Free of any web framework, so the command line's core commands build the same assistant as the
service without loading it.
"""

from __future__ import annotations

from assistant.service import Assistant, AssistantConfig, LocalLink
from assistant.settings import Settings
from index import CaseIndex
from integrations.links import service_link


def build_assistant(settings: Settings, index: CaseIndex, local_link: LocalLink | None = service_link) -> Assistant:
    """The assistant as the deployer configured it (a language model only when one is set)."""
    chat = None
    if settings.llm_provider:
        from assistant.llm import chat_model_from_config

        chat = chat_model_from_config(
            settings.llm_provider, settings.llm_model, settings.llm_base_url, settings.llm_api_key, settings.llm_timeout
        )
    config = AssistantConfig(max_question_chars=settings.max_question_chars)
    return Assistant(index, config=config, chat=chat, local_link=local_link, partnership=settings.partnership)
