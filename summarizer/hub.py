"""Models named by a Hugging Face hub id: say at once when the hub cannot serve one.

Offline, transformers and sentence-transformers retry the hub for about a minute before they
give up; a model that is neither a local path nor cached fails here in a few seconds instead."""
from __future__ import annotations

import os
import socket
from pathlib import Path
from urllib.parse import urlparse

from summarizer.errors import ConfigError

PROBE_SECONDS = 3.0
PROXY_VARIABLES = ("HTTPS_PROXY", "https_proxy", "ALL_PROXY", "all_proxy")


def require_hub_model(model: str, what: str, fix: str) -> None:
    """Raise ConfigError naming `fix` when `model` is a hub id that is not cached and the hub
    is out of reach (offline mode, or no connection). Local paths and cached ids pass."""
    if not model or Path(model).expanduser().exists():
        return
    try:
        from huggingface_hub import constants, try_to_load_from_cache
    except ImportError:
        return
    try:
        if isinstance(try_to_load_from_cache(model, "config.json"), str):
            return
    except ValueError:  # HFValidationError: "./models/missing" is no hub id either
        raise ConfigError(f"cannot load {what} '{model}': there is no such folder, and it is no hub id; "
                          "check the path") from None
    endpoint = urlparse(constants.ENDPOINT)
    if constants.HF_HUB_OFFLINE:
        reason = "HF_HUB_OFFLINE is set"
    elif any(os.environ.get(v) for v in PROXY_VARIABLES):
        return  # a proxy may reach the hub where a direct connection cannot; let the hub try
    elif _reachable(endpoint.hostname or "", endpoint.port or (443 if endpoint.scheme == "https" else 80)):
        return
    else:
        reason = f"{endpoint.hostname} cannot be reached"
    raise ConfigError(f"cannot load {what} '{model}': not a local path, not in the Hugging Face cache, "
                      f"and {reason}; {fix}")


def _reachable(host: str, port: int) -> bool:
    try:
        socket.create_connection((host, port), timeout=PROBE_SECONDS).close()
    except OSError:
        return False
    return True
