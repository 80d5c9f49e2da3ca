"""The bank's organisation in the seed: how many staff of each role, and which database ids they get.

Ids are laid out in fixed blocks so that chunks of customers can refer to staff without lookups.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from . import catalog, geo

DEMO_USERS = {
    # username: (display name, role) — listed in the README
    "agent01": ("王晓燕", "agent"),
    "lobby01": ("李娜", "lobby_manager"),
    "cm01": ("张伟", "customer_manager"),
    "super01": ("刘洋", "supervisor"),
    "admin": ("系统管理员", "admin"),
}
SUPERVISORS = 6
AGENTS = 60
CUSTOMER_MANAGERS = 200

CALL_CENTER_TEAMS = ("坐席一组", "坐席二组", "坐席三组", "坐席四组", "坐席五组")
N_BRANCHES = sum(c.branches for c in geo.CITIES)
FIRST_SUPERVISOR = 2
FIRST_AGENT = FIRST_SUPERVISOR + SUPERVISORS
FIRST_LOBBY = FIRST_AGENT + AGENTS
FIRST_CM = FIRST_LOBBY + N_BRANCHES
COMPLAINT_AGENTS = 10


@dataclass
class Org:
    """Ids of the staff and places customers are attached to (all 1-based database ids)."""

    branch_city: np.ndarray  # branch index -> city index
    branch_weight: np.ndarray
    lobby_of_branch: np.ndarray  # branch index -> user id
    managers_of_branch: list[np.ndarray]  # branch index -> customer manager ids
    agents: np.ndarray  # call-center agents
    complaint_staff: np.ndarray
    supervisors: np.ndarray
    complaint_team: int
    sla: dict[str, int]


def _branch_cities() -> np.ndarray:
    return np.repeat(np.arange(len(geo.CITIES)), [c.branches for c in geo.CITIES])


def _managers_per_branch(weights: np.ndarray) -> np.ndarray:
    share = weights / weights.sum() * CUSTOMER_MANAGERS
    counts = np.floor(share).astype(np.int64)
    order = np.argsort(-(share - counts), kind="stable")
    counts[order[: CUSTOMER_MANAGERS - counts.sum()]] += 1
    return counts


def layout_org() -> Org:
    branch_city = _branch_cities()
    weight = 1.0 + (np.arange(N_BRANCHES) % 3) * 0.25
    per_branch = _managers_per_branch(weight)
    starts = FIRST_CM + np.concatenate(([0], np.cumsum(per_branch)[:-1]))
    agents = np.arange(FIRST_AGENT, FIRST_AGENT + AGENTS)
    return Org(
        branch_city=branch_city,
        branch_weight=weight / weight.sum(),
        lobby_of_branch=np.arange(FIRST_LOBBY, FIRST_LOBBY + N_BRANCHES),
        managers_of_branch=[np.arange(s, s + c) for s, c in zip(starts.tolist(), per_branch.tolist(), strict=True)],
        agents=agents[: AGENTS - COMPLAINT_AGENTS],
        complaint_staff=agents[AGENTS - COMPLAINT_AGENTS :],
        supervisors=np.arange(FIRST_SUPERVISOR, FIRST_SUPERVISOR + SUPERVISORS),
        complaint_team=len(CALL_CENTER_TEAMS) + 1,
        sla={name: i + 1 for i, (name, *_rest) in enumerate(catalog.SLA_POLICIES)},
    )
