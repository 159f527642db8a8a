"""Outcomes measured every week, computed by the compiled week into one row per week.

Each is a named series: the columns of `run_batch`'s array and of the Mesa DataCollector.
"""

from __future__ import annotations

import numpy as np

from simulation.house.compiled import jit
from simulation.house.pipeline import BLOCKED, IMPLEMENTED
from simulation.house.record import (
    DECISION_MEETINGS,
    DROPOUTS,
    FIRST_VISIT_DROPOUTS,
    ITEMS_DROPPED,
    N_PRESENT,
    Room,
)
from simulation.house.state import N_ROLES, OFFICIAL, PROFESSIONAL, RESIDENT, HouseState

EXPOSURES = ("present", "active", "attended")   # narrowest first: an empty group falls back
EXPOSED = ("trust_residents_institutions", "satisfaction_resident", "resident_ownership",
           "resident_commitment")

OUTCOMES: tuple[str, ...] = (
    "decisions_made",             # cumulative decisions taken in the house
    "decisions_implemented",      # cumulative decisions through every clearance point
    "decisions_blocked",          # cumulative decisions stopped at a clearance point
    "items_dropped",              # cumulative agenda items dropped without a decision
    "resident_voice_share",       # residents' share of the step's speaking turns
    "resident_presence_share",    # residents' share of those present
    "speaking_gini",              # inequality of speaking turns among those present
    "speaking_gini_expected",     # inequality of the expected speaking shares (no turn sampling)
    "trust_between_groups",       # mean trust in other groups
    "trust_within_groups",        # mean trust in one's own group
    "trust_residents_institutions",   # residents' mean trust in the institutions
    "trust_professional_official",    # professionals' and officials' mutual trust
    "satisfaction_resident",
    "satisfaction_professional",
    "satisfaction_official",
    "resident_attendance",        # share of the resident population present
    "resident_dropout",           # cumulative residents who stopped coming for good
    "resident_dropout_first_visit",   # of which right after their first meeting
    "resident_ownership",         # residents' mean sense of ownership
    "position_spread",            # mean over topics of the sd of active participants' views
    "position_clusters",          # opinion groups further apart than the confidence bound
    "time_to_decision",           # mean meetings an item took, over the decisions so far
    "panel_position_gap",         # |present residents' mean view - all residents' mean view|
    "resident_reach",             # share of residents who have attended at least one meeting
    "resident_active_share",      # share of residents who have attended and not dropped out
    "resident_commitment",        # residents' mean commitment to the process
    # each resident outcome again over residents present, ever attended, and still taking part
    *(f"{name}_{group}" for name in EXPOSED for group in ("present", "attended", "active")),
)
_AT = {name: i for i, name in enumerate(OUTCOMES)}
MADE, IMPL, BLOCK, DROPPED = (_AT[k] for k in ("decisions_made", "decisions_implemented",
                                                 "decisions_blocked", "items_dropped"))
VOICE, PRESENCE, GINI, GINI_EXPECTED = (_AT[k] for k in (
    "resident_voice_share", "resident_presence_share", "speaking_gini", "speaking_gini_expected"))
BETWEEN, WITHIN, RES_INST, PROF_OFF = (_AT[k] for k in (
    "trust_between_groups", "trust_within_groups", "trust_residents_institutions",
    "trust_professional_official"))
SAT_RES, SAT_PROF, SAT_OFF = (_AT[k] for k in (
    "satisfaction_resident", "satisfaction_professional", "satisfaction_official"))
ATTENDANCE, DROPOUT, DROPOUT_FIRST, OWNERSHIP = (_AT[k] for k in (
    "resident_attendance", "resident_dropout", "resident_dropout_first_visit",
    "resident_ownership"))
SPREAD, CLUSTERS, TIME_TO_DECISION, PANEL_GAP = (_AT[k] for k in (
    "position_spread", "position_clusters", "time_to_decision", "panel_position_gap"))
REACH, ACTIVE_SHARE, COMMITMENT = (_AT[k] for k in (
    "resident_reach", "resident_active_share", "resident_commitment"))
# (exposure group, outcome) -> column, groups in EXPOSURES order
BY_EXPOSURE = np.array([[_AT[f"{name}_{group}"] for name in EXPOSED] for group in EXPOSURES])


@jit
def gini(values: np.ndarray) -> float:
    """Gini coefficient of non-negative values (0 = equal, towards 1 = one has all): the mean
    absolute difference over all pairs, divided by twice the mean."""
    total = values.sum() if values.size else 0.0
    if total <= 0:
        return 0.0
    far = 0.0
    for i in range(values.size):
        for j in range(values.size):
            far += abs(values[i] - values[j])
    return far / (2.0 * values.size * total)


@jit
def exposure_groups(role: np.ndarray, active: np.ndarray, meetings: np.ndarray,
                    here: np.ndarray) -> np.ndarray:
    """(EXPOSURES, n) residents by exposure to the house, each as a mask; an empty group is
    replaced by the next wider one (present -> active -> attended -> all residents), so every
    series stays defined.

    present: at this week's meeting; attended: at least one meeting (including those who left);
    active: attended and not dropped out.
    """
    resident = role == RESIDENT
    attended = resident & (meetings > 0)
    wider = resident
    masks = np.zeros((len(EXPOSURES), role.size), dtype=np.bool_)
    for k, mask in enumerate((attended, attended & active, here & resident)):
        if mask.any():
            wider = mask
        masks[len(EXPOSURES) - 1 - k] = wider
    return masks


@jit
def measure(s: HouseState, room: Room, counts: np.ndarray, status: np.ndarray, n_log: int,
            bound: float, out: np.ndarray) -> None:
    """Every outcome of the house as it stands after the week, written into `out` (`status`:
    the decision log's first `n_log` rows; `counts`: the house's running counts).

    One pass over the participants for the means (everyone counts, including residents who left:
    they keep their last state, the house's residents include those it lost, and every mean
    stays defined when all have left), and one over those present.
    """
    out[MADE] = n_log
    implemented = blocked = 0
    for k in range(n_log):
        implemented += status[k] == IMPLEMENTED
        blocked += status[k] == BLOCKED
    out[IMPL], out[BLOCK] = implemented, blocked
    out[DROPPED] = counts[ITEMS_DROPPED]

    n = room.facts[N_PRESENT]
    present = room.present[:n]
    here = np.zeros(s.role.size, dtype=np.bool_)
    here[present] = True
    turns = room.turns[:n]
    role, trust = s.role, s.trust
    total_turns = resident_turns = residents_present = 0
    for i in range(n):
        total_turns += turns[i]
        if role[present[i]] == RESIDENT:
            resident_turns += turns[i]
            residents_present += 1
    out[VOICE] = resident_turns / total_turns if total_turns else 0.0
    out[PRESENCE] = residents_present / n if n else 0.0
    out[GINI] = gini(turns.astype(np.float64)) if n >= 2 else 0.0
    out[GINI_EXPECTED] = gini(room.shares[:n]) if n >= 2 else 0.0

    size = role.size
    satisfaction, ownership, commitment = s.satisfaction, s.ownership, s.commitment
    active, meetings = s.active, s.meetings
    members_of = np.zeros(N_ROLES)
    for i in range(size):
        members_of[role[i]] += 1.0
    existing = members_of > 0
    others = existing.sum() - 1
    n_inst = existing[1:].sum()
    within = between = prof_off = 0.0
    sat = np.zeros(N_ROLES)
    inst_trust = np.zeros(size)
    for i in range(size):
        own = trust[i, role[i]]
        within += own
        row = 0.0
        for g in range(N_ROLES):
            if existing[g]:
                row += trust[i, g]
                if g != RESIDENT:
                    inst_trust[i] += trust[i, g] / n_inst
        between += (row - own) / others if others else 0.0
        sat[role[i]] += satisfaction[i]
        if role[i] == PROFESSIONAL:
            prof_off += trust[i, OFFICIAL]
        elif role[i] == OFFICIAL:
            prof_off += trust[i, PROFESSIONAL]
    out[WITHIN] = within / size
    out[BETWEEN] = between / size if others else 0.0
    out[PROF_OFF] = prof_off / (members_of[PROFESSIONAL] + members_of[OFFICIAL])
    out[SAT_RES] = sat[RESIDENT] / max(members_of[RESIDENT], 1.0)
    out[SAT_PROF] = sat[PROFESSIONAL] / max(members_of[PROFESSIONAL], 1.0)
    out[SAT_OFF] = sat[OFFICIAL] / max(members_of[OFFICIAL], 1.0)
    out[ATTENDANCE] = residents_present / members_of[RESIDENT]
    out[DROPOUT] = counts[DROPOUTS]
    out[DROPOUT_FIRST] = counts[FIRST_VISIT_DROPOUTS]
    out[TIME_TO_DECISION] = counts[DECISION_MEETINGS] / n_log if n_log else 0.0
    spread(s.x, s.active, bound, out)
    out[PANEL_GAP] = panel_gap(s.x, s.role, s.active, present)

    # residents: all of them, and by exposure
    groups = exposure_groups(role, active, meetings, here)
    sums = np.zeros((len(EXPOSURES) + 1, 4))
    members = np.zeros(len(EXPOSURES) + 1)
    reached = taking_part = 0
    for i in range(size):
        if role[i] != RESIDENT:
            continue
        reached += meetings[i] > 0
        taking_part += active[i] and meetings[i] > 0
        for k in range(len(EXPOSURES) + 1):
            if k == len(EXPOSURES) or groups[k, i]:
                members[k] += 1.0
                sums[k, 0] += inst_trust[i]
                sums[k, 1] += satisfaction[i]
                sums[k, 2] += ownership[i]
                sums[k, 3] += commitment[i]
    every = len(EXPOSURES)
    out[RES_INST] = sums[every, 0] / members[every]
    out[OWNERSHIP] = sums[every, 2] / members[every]
    out[COMMITMENT] = sums[every, 3] / members[every]
    out[REACH] = reached / members[every]
    out[ACTIVE_SHARE] = taking_part / members[every]
    for k in range(len(EXPOSURES)):
        for q in range(4):
            out[BY_EXPOSURE[k, q]] = sums[k, q] / members[k]


@jit
def spread(x: np.ndarray, active: np.ndarray, bound: float, out: np.ndarray) -> None:
    """Position spread (mean over topics of the sd of active views) and clusters (groups of
    views further apart than the confidence bound), over active participants."""
    topics = x.shape[1]
    who = np.flatnonzero(active)
    column = np.empty(who.size)
    sd = clusters = 0.0
    for t in range(topics):
        for k in range(who.size):
            column[k] = x[who[k], t]
        if column.size:
            centre = column.mean()
            sd += np.sqrt(((column - centre) ** 2).mean())
            clusters += groups_apart(column, bound)
    out[SPREAD] = sd / topics
    out[CLUSTERS] = clusters / topics if who.size else 0.0


@jit
def groups_apart(values: np.ndarray, bound: float) -> int:
    """How many groups the values fall into when sorted and cut wherever two neighbours are more
    than `bound` apart.

    Without sorting, in one pass: values in [0, 1] go to bins of half that width (half, so that
    rounding at a bin's edge cannot matter); within a bin no two neighbours are more than `bound`
    apart, so the cuts can only lie between the largest value of one filled bin and the smallest
    of the next. Only when the bins would outnumber the values (a tiny bound) are the values
    sorted instead.
    """
    if bound <= 0 or 2.0 / bound > values.size:
        ordered = np.sort(values)
        return 1 + int((np.diff(ordered) > bound).sum())
    bins = int(np.ceil(2.0 / bound)) + 1
    low = np.full(bins, np.inf)
    high = np.full(bins, -np.inf)
    for v in values:
        b = min(int(2.0 * v / bound), bins - 1)
        low[b] = min(low[b], v)
        high[b] = max(high[b], v)
    groups, last = 0, -np.inf
    for b in range(bins):
        if low[b] <= high[b]:
            if groups == 0 or low[b] - last > bound:
                groups += 1
            last = high[b]
    return groups


@jit
def panel_gap(x: np.ndarray, role: np.ndarray, active: np.ndarray,
              present: np.ndarray) -> float:
    """|present residents' mean view - all active residents' mean view|, averaged over topics;
    0 in a week without residents present."""
    topics = x.shape[1]
    here, everyone = np.zeros(topics), np.zeros(topics)
    n_here = n_all = 0
    for p in present:
        if role[p] == RESIDENT:
            here += x[p]
            n_here += 1
    for i in range(role.size):
        if active[i] and role[i] == RESIDENT:
            everyone += x[i]
            n_all += 1
    if n_here == 0 or n_all == 0:
        return 0.0
    return np.abs(here / n_here - everyone / n_all).mean()
