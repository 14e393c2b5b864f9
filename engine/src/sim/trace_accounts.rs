//! The accounts in a run's text trace (issue [4/6] §3): when a run spans accounts (an
//! organization, or a role or resource of another account), `envelope-lab run` without
//! `--summary` says on each line whose account made the call and whose resource it was when
//! they differ, and on a denial whose policy denied it in which account — what `--summary`
//! writes as `denied_by` — and, for an SCP level without an Allow, which level. A run in one
//! account prints exactly the lines it always did.

use crate::policy::Explanation;
use crate::runtime::trace::Step;
use crate::sim::fixes::CauseKind;
use crate::sim::simulation::Simulation;
use crate::sim::summary::DeniedByAccount;

impl Simulation {
    /// When the run spans accounts, whose policy denied step `s` and that account: the
    /// step's own authorization, else (a PutRecord that failed because the GenerateDataKey
    /// under it was denied, a GetObject an object's owner refused) the cause's. `None` for a
    /// step that was allowed and for a run in one account.
    pub fn denied_by_account(&self, s: &Step) -> Option<DeniedByAccount> {
        let c = &self.cloud;
        if !c.multi_account {
            return None;
        }
        let own = s.auth.and_then(|a| {
            let e = c.explain(&a);
            let (policy, account) = e.denied_by()?;
            Some(DeniedByAccount {
                policy,
                account: account.map(str::to_string),
            })
        });
        own.or_else(|| {
            let cause = self.cause(s.index)?;
            match cause.kind {
                CauseKind::Denied(a) => {
                    let e = c.explain(&a);
                    let (policy, account) = e.denied_by()?;
                    Some(DeniedByAccount {
                        policy,
                        account: account.map(str::to_string),
                    })
                }
                CauseKind::ObjectOwner { object } => {
                    let step = self.any_step(cause.step)?;
                    let owner = self.object_owner_denial(&step.principal, object)?;
                    Some(DeniedByAccount {
                        policy: crate::policy::DeniedBy::ObjectOwner,
                        account: Some(owner.to_string()),
                    })
                }
                _ => None,
            }
        })
    }

    /// The authorization that denied step `s` (its own, else its cause's), explained.
    fn denial_explanation(&self, s: &Step) -> Option<Explanation> {
        let c = &self.cloud;
        if let Some(e) = s.auth.map(|a| c.explain(&a)) {
            if !e.decision.is_allowed() {
                return Some(e);
            }
        }
        match self.cause(s.index)?.kind {
            CauseKind::Denied(a) => Some(c.explain(&a)),
            _ => None,
        }
    }

    /// What the text trace appends to step `s`'s line (empty in a run in one account):
    /// ` [account A -> resource in account B]` when the caller's account and the resource's
    /// differ, and on a denial ` [Denied by … (account …)]` (with the level, for an SCP level
    /// without an Allow).
    pub fn trace_account_note(&self, s: &Step) -> String {
        let c = &self.cloud;
        if !c.multi_account {
            return String::new();
        }
        let mut out = String::new();
        if let Some(a) = s.auth {
            let req = c.build_request(&a);
            let caller = crate::policy::arn_account(&req.principal);
            let resource = req.resource_account.as_deref();
            if let (Some(from), Some(to)) = (caller, resource) {
                if from != to {
                    out.push_str(&format!(" [account {from} -> resource in account {to}]"));
                }
            }
        }
        if s.outcome.is_ok() {
            return out;
        }
        // One explanation per failed step (the cause's when the step failed because of it).
        let e = self.denial_explanation(s);
        let text = match &e {
            Some(e) => e.denied_by_text(),
            None => self
                .denied_by_account(s)
                .map(|d| d.policy.text(d.account.as_deref(), false)),
        };
        let Some(text) = text else {
            return out;
        };
        out.push_str(&format!(" [{}", text.en()));
        out.push(']');
        out
    }
}
