------------------------------ MODULE DnsRace ------------------------------
(***************************************************************************)
(* The DynamoDB DNS automation of the us-east-1 event of 19-20 Oct 2025:  *)
(* one DNS Planner writing plan generations into a plan store, several    *)
(* fully independent DNS Enactors (one per AZ) applying the newest plan   *)
(* to every endpoint, one Route 53 transaction per endpoint, and the plan *)
(* clean-up each Enactor runs after it has applied a plan.                *)
(*                                                                         *)
(* Records are modelled the way Cascade's zone holds them: each plan has   *)
(* its own record sets (the load-balancer addresses), and an endpoint is   *)
(* an alias pointing at the record set of one plan generation.  Deleting  *)
(* a plan deletes its record sets, so an endpoint still pointing at a     *)
(* deleted plan resolves to no addresses.                                  *)
(*                                                                         *)
(* Two switches select the behaviour.  Both FALSE: exactly what the AWS  *)
(* summary describes (DnsRaceIncident.cfg).  Both TRUE: the remediation   *)
(* (DnsRaceFixed.cfg).  DnsRaceCleanupGuardOnly.cfg keeps the old apply   *)
(* and only guards clean-up, to show that this alone is not enough.       *)
(* See README.md beside this file.                                         *)
(***************************************************************************)
EXTENDS Naturals, Sequences, FiniteSets

CONSTANTS
    Enactors,   \* the independent DNS Enactors, e.g. {"az1", "az2", "az3"}
    EndpointSet, \* the endpoints one regional plan covers, e.g. {"regional", "fips"}
    Regional,   \* the regional endpoint (dynamodb.us-east-1.amazonaws.com); walked first
    MaxGen,     \* the Planner stops after this generation (bounds the state space)
    K,          \* clean-up deletes plans with generation < (generation just applied) - K
    CompareAndSetApply, \* TRUE: per-endpoint apply only moves an endpoint forward
    GuardedCleanup      \* TRUE: clean-up spares every plan at or above the oldest in use

ASSUME /\ Enactors # {}
       /\ Regional \in EndpointSet /\ Cardinality(EndpointSet) >= 2
       /\ MaxGen \in Nat /\ MaxGen >= 2
       /\ K \in Nat
       /\ CompareAndSetApply \in BOOLEAN
       /\ GuardedCleanup \in BOOLEAN

Gens      == 1..MaxGen
EpSet     == EndpointSet
\* The fixed order in which every Enactor walks the endpoints: regional first.
Endpoints == CHOOSE s \in [1..Cardinality(EpSet) -> EpSet] :
                /\ s[1] = Regional
                /\ \A i, j \in DOMAIN s : i # j => s[i] # s[j]
Max(S)    == CHOOSE x \in S : \A y \in S : x >= y
Min(S)    == CHOOSE x \in S : \A y \in S : x <= y

VARIABLES
    newest,      \* newest generation the Planner has written
    store,       \* generations whose plan (and per-plan record sets) still exist
    points,      \* points[ep]: the generation whose record set endpoint ep is an alias of
    lastApplied, \* the "previously applied plan" the start-of-apply check compares with
    pc,          \* pc[e] \in {"idle", "applying", "cleaning"}
    plan,        \* plan[e]: generation Enactor e is working on (0 when idle)
    next,        \* next[e]: index in Endpoints of the next endpoint e applies to
    victims      \* victims[e]: plans e's clean-up has identified and is about to delete

vars == <<newest, store, points, lastApplied, pc, plan, next, victims>>

TypeOK ==
    /\ newest \in Gens
    /\ store \subseteq Gens
    /\ points \in [EpSet -> Gens]
    /\ lastApplied \in Gens
    /\ pc \in [Enactors -> {"idle", "applying", "cleaning"}]
    /\ plan \in [Enactors -> 0..MaxGen]
    /\ next \in [Enactors -> 1..(Len(Endpoints) + 1)]
    /\ victims \in [Enactors -> SUBSET Gens]

\* Generation 1 exists and has been applied to every endpoint.
Init ==
    /\ newest = 1
    /\ store = {1}
    /\ points = [ep \in EpSet |-> 1]
    /\ lastApplied = 1
    /\ pc = [e \in Enactors |-> "idle"]
    /\ plan = [e \in Enactors |-> 0]
    /\ next = [e \in Enactors |-> 1]
    /\ victims = [e \in Enactors |-> {}]

(***************************************************************************)
(* DNS Planner: periodically writes a new, higher plan generation.         *)
(***************************************************************************)
Plan ==
    /\ newest < MaxGen
    /\ newest' = newest + 1
    /\ store' = store \cup {newest + 1}
    /\ UNCHANGED <<points, lastApplied, pc, plan, next, victims>>

(***************************************************************************)
(* An idle Enactor picks the newest plan in the store and checks ONCE that *)
(* it is newer than the previously applied plan.  Nothing re-checks this   *)
(* while the Enactor walks the endpoints, however long that takes.         *)
(***************************************************************************)
Pick(e) ==
    /\ pc[e] = "idle"
    /\ LET g == Max(store) IN
         /\ g > lastApplied
         /\ pc' = [pc EXCEPT ![e] = "applying"]
         /\ plan' = [plan EXCEPT ![e] = g]
         /\ next' = [next EXCEPT ![e] = 1]
    /\ UNCHANGED <<newest, store, points, lastApplied, victims>>

\* The Enactor gives up on its plan (back to idle, nothing else changes).
Abandon(e) ==
    /\ pc' = [pc EXCEPT ![e] = "idle"]
    /\ plan' = [plan EXCEPT ![e] = 0]
    /\ UNCHANGED <<newest, store, points, lastApplied, next, victims>>

MoveOn(e) ==
    /\ next' = [next EXCEPT ![e] = @ + 1]
    /\ UNCHANGED <<newest, store, points, lastApplied, pc, plan, victims>>

Commit(e, ep, g) ==
    /\ points' = [points EXCEPT ![ep] = g]
    /\ next' = [next EXCEPT ![e] = @ + 1]
    /\ UNCHANGED <<newest, store, lastApplied, pc, plan, victims>>

(***************************************************************************)
(* One Route 53 transaction: point the endpoint at this plan's record set. *)
(* It is one atomic step; an Enactor that is blocked by another's          *)
(* transaction and retries, or is just slow, is an Enactor that is not     *)
(* scheduled for a while -- TLC explores every such interleaving.          *)
(* Route 53 rejects an alias whose target record set does not exist, so a *)
(* transaction for an already deleted plan fails.                          *)
(***************************************************************************)
ApplyIncident(e, ep, g) ==
    IF points[ep] \notin store
        \* The endpoint's active plan is gone: the state is inconsistent and
        \* the Enactor refuses to apply to it (AWS: no Enactor could apply
        \* later plans until operators intervened).
        THEN Abandon(e)
    ELSE IF g \notin store
        THEN Abandon(e)           \* alias target gone: batch rejected
    ELSE Commit(e, ep, g)         \* last writer wins: may overwrite a NEWER plan

\* Remediation: a compare-and-set on the endpoint's generation.  In the real
\* system the change batch carries an exact-match DELETE of the endpoint's
\* generation marker as read, plus the CREATE of the new one; Route 53 applies
\* the batch atomically or not at all, so the batch only commits if nobody
\* moved the endpoint in between, and the Enactor only builds it if the
\* endpoint is older than its plan.
ApplyCompareAndSet(e, ep, g) ==
    IF points[ep] >= g
        THEN MoveOn(e)            \* endpoint already at this or a newer plan: skip it
    ELSE IF g \notin store
        THEN Abandon(e)           \* cannot happen (see README), but harmless
    ELSE Commit(e, ep, g)

ApplyEndpoint(e) ==
    /\ pc[e] = "applying"
    /\ next[e] <= Len(Endpoints)
    /\ LET ep == Endpoints[next[e]]
           g  == plan[e]
       IN IF CompareAndSetApply THEN ApplyCompareAndSet(e, ep, g) ELSE ApplyIncident(e, ep, g)

(***************************************************************************)
(* Every endpoint done: record the plan as applied and start clean-up.     *)
(* Clean-up first identifies the plans "significantly older" than the one  *)
(* just applied, then (in a later step, so other Enactors can run in       *)
(* between) deletes them.                                                  *)
(***************************************************************************)
MinInUse == Min({points[ep] : ep \in EpSet})

CleanupCandidates(e) ==
    IF GuardedCleanup
        \* never a plan an endpoint points at, never one newer than the oldest in
        \* use -- as read when clean-up starts, which may be stale by the delete
        THEN {h \in store : h < plan[e] - K /\ h < MinInUse}
        ELSE {h \in store : h < plan[e] - K}

FinishApply(e) ==
    /\ pc[e] = "applying"
    /\ next[e] > Len(Endpoints)
    /\ lastApplied' = IF CompareAndSetApply THEN Max({lastApplied, plan[e]}) ELSE plan[e]
    /\ victims' = [victims EXCEPT ![e] = CleanupCandidates(e)]
    /\ pc' = [pc EXCEPT ![e] = "cleaning"]
    /\ UNCHANGED <<newest, store, points, plan, next>>

CleanupDelete(e) ==
    /\ pc[e] = "cleaning"
    /\ store' = store \ victims[e]
    /\ victims' = [victims EXCEPT ![e] = {}]
    /\ pc' = [pc EXCEPT ![e] = "idle"]
    /\ plan' = [plan EXCEPT ![e] = 0]
    /\ UNCHANGED <<newest, points, lastApplied, next>>

Enactor(e) == Pick(e) \/ ApplyEndpoint(e) \/ FinishApply(e) \/ CleanupDelete(e)

Next == Plan \/ \E e \in Enactors : Enactor(e)

Spec == Init /\ [][Next]_vars

\* With every component eventually taking its enabled steps (for liveness).
FairSpec == Spec /\ WF_vars(Plan) /\ \A e \in Enactors : WF_vars(Enactor(e))

-----------------------------------------------------------------------------
(* Properties *)

\* No endpoint ever points at a deleted plan: every endpoint always resolves
\* to addresses.
NoEndpointPointsAtDeletedPlan == \A ep \in EpSet : points[ep] \in store

\* The newest plan is never deleted.
NewestPlanKept == newest \in store

\* Generations only move forward, per endpoint.
GenerationsOnlyMoveForward ==
    [][\A ep \in EpSet : points'[ep] >= points[ep]]_points

\* Plans keep advancing: eventually every endpoint serves the last plan.
EndpointsConvergeOnNewestPlan ==
    <>[](\A ep \in EpSet : points[ep] = MaxGen)
=============================================================================
