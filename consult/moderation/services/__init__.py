"""Every moderation decision: one function per state change, in a module per subject (flags,
screening, comments, locks, campaigns, suspensions, appeals).

Each checks its named permission (consult.moderation.permissions), validates, and writes in
one transaction the state change, its ModerationDecision (with what the public statement of
reasons needs: rule, trigger, automated or not, the check and version that fired, the public
note) and its AuditEntry (+ AuditActor naming the human): the steps they share are in
`decisions`. Then it replaces the discussion's cached pages when the public page changes,
tells the people concerned (`notices`), and publishes the change to the live streams (after
commit). Refusals raise consult.core.errors.NotAllowed with a message the person can act on.

Automation only ever holds: the database refuses an automated decision of any other kind.
A pre-moderation hold cites no rule (nothing was breached; `rule_code` is empty and the
trigger is PREMODERATION).
"""
