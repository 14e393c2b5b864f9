//! What each kind of fix says, in English and Japanese: which evaluation rule the edit
//! satisfies, and what it costs compared with the other options.

use crate::text::Text;

use super::super::sources;

/// Names used in the texts of one fix.
pub struct Names<'a> {
    /// The caller (`DataSourceLambdaRole`).
    pub who: &'a str,
    /// The action (`kms:GenerateDataKey`).
    pub action: &'a str,
    /// The resource (`KinesisKey`, a bucket, an ARN).
    pub what: &'a str,
    /// The document changed (`DataSourceLambdaPolicy`).
    pub doc: &'a Text,
    /// The statement id added or changed.
    pub sid: &'a str,
}

/// An identity-policy statement where the key policy delegates to IAM.
pub fn identity_delegated(n: &Names<'_>, key_statement: usize, account: &str) -> Text {
    Text::new(
        format!(
            "Adds statement \"{sid}\" to {doc}, allowing {action} on {what} only. Key policy statement {key_statement} allows the account {account} and so delegates to IAM: for a principal of that account, an identity-policy statement is enough. The permission stays with the role and is managed in IAM; the key policy is unchanged.",
            sid = n.sid, doc = n.doc.en(), action = n.action, what = n.what
        ),
        format!(
            "{doc} にステートメント \"{sid}\" を追加し、{what} に対する {action} だけを許可します。キーポリシーのステートメント {key_statement} がアカウント {account} を許可して IAM に委任しているため、このアカウントのプリンシパルにはアイデンティティベースのポリシーのステートメントだけで十分です。アクセス許可はロールに付き、IAM で管理します。キーポリシーは変わりません。",
            sid = n.sid, doc = n.doc.get("ja"), action = n.action, what = n.what
        ),
    )
}

/// An identity-policy statement for a caller of another account that the key policy
/// already trusts: the half the caller's account controls.
pub fn identity_cross_delegated(n: &Names<'_>, key_statement: usize, account: &str) -> Text {
    Text::new(
        format!(
            "Adds statement \"{sid}\" to {doc}, allowing {action} on {what} only. The caller is in another account than the key, and key policy statement {key_statement} already allows its account {account}: the key's side holds, and the caller's identity-based policy is the missing half. Only this half changes, and the caller's own account controls it; the key policy is unchanged.",
            sid = n.sid, doc = n.doc.en(), action = n.action, what = n.what
        ),
        format!(
            "{doc} にステートメント \"{sid}\" を追加し、{what} に対する {action} だけを許可します。呼び出し元はキーとは別のアカウントにあり、キーポリシーのステートメント {key_statement} はすでにそのアカウント {account} を許可しています。キー側は満たされており、足りないのは呼び出し元のアイデンティティベースのポリシーです。変更するのはこの半分だけで、呼び出し元のアカウントが管理します。キーポリシーは変わりません。",
            sid = n.sid, doc = n.doc.get("ja"), action = n.action, what = n.what
        ),
    )
}

/// An identity-policy statement for a resource that is not a KMS key.
pub fn identity_plain(n: &Names<'_>) -> Text {
    Text::new(
        format!(
            "Adds statement \"{sid}\" to {doc}, allowing {action} on {what} only. Within one account an identity-based policy that allows is enough when no resource-based policy or boundary denies.",
            sid = n.sid, doc = n.doc.en(), action = n.action, what = n.what
        ),
        format!(
            "{doc} にステートメント \"{sid}\" を追加し、{what} に対する {action} だけを許可します。同じアカウント内では、リソースベースのポリシーやアクセス許可の境界が拒否しない限り、アイデンティティベースのポリシーが許可すれば十分です。",
            sid = n.sid, doc = n.doc.get("ja"), action = n.action, what = n.what
        ),
    )
}

/// A key-policy statement naming the caller.
pub fn key_direct(n: &Names<'_>, via: Option<&str>) -> Text {
    let (c_en, c_ja) = via_clause(via);
    Text::new(
        format!(
            "Adds statement \"{sid}\" to the key policy of {what}, naming {who} directly for {action} only{c_en}. The key policy is the primary way to control access to a KMS key: this works whether or not the key policy delegates to IAM, and key administrators see the access in the key policy itself; the role's IAM policies stay unchanged ({}).",
            sources::KMS_KEY_POLICIES.cite(),
            sid = n.sid, what = n.what, who = n.who, action = n.action
        ),
        format!(
            "{what} のキーポリシーにステートメント \"{sid}\" を追加し、{who} を直接指定して {action} だけを許可します{c_ja}。キーポリシーは KMS キーへのアクセスを制御する主要な仕組みです。キーポリシーが IAM に委任しているかどうかに関係なく機能し、キー管理者はキーポリシーだけでアクセスを確認できます。ロールの IAM ポリシーは変わりません (出典: {})。",
            sources::KMS_KEY_POLICIES.cite_ja(),
            sid = n.sid, what = n.what, who = n.who, action = n.action
        ),
    )
}

/// The condition clause of a key-policy statement (`kms:ViaService`, `kms:CallerAccount`).
fn via_clause(via: Option<&str>) -> (String, String) {
    match via {
        Some(v) => (
            format!(", and only through {v} (kms:ViaService) from the caller's account (kms:CallerAccount), as the key's other statements are written"),
            format!("。{v} 経由 (kms:ViaService) で、呼び出し元のアカウントから (kms:CallerAccount) の呼び出しに限ります。キーの他のステートメントと同じ書き方です"),
        ),
        None => (String::new(), String::new()),
    }
}

/// A grant.
pub fn grant(n: &Names<'_>, constrained: bool) -> Text {
    let (c_en, c_ja) = if constrained {
        (
            ", with an EncryptionContextSubset constraint equal to this request's encryption context",
            "。制約 EncryptionContextSubset はこのリクエストの暗号化コンテキストと同じにします",
        )
    } else {
        ("", "")
    };
    Text::new(
        format!(
            "Adds a grant on {what} to {who} for the {op} operation only{c_en}. A grant allows on its own, without changing the key policy or IAM policies; it suits access that is temporary or given by a program, but it does not appear in the key policy, so it is easier to overlook ({}).",
            sources::KMS_GRANTS.cite(),
            what = n.what, who = n.who, op = super::statements::operation(n.action)
        ),
        format!(
            "{what} に {who} へのグラントを追加し、{op} オペレーションだけを許可します{c_ja}。グラントはキーポリシーや IAM ポリシーを変更せずに単独で許可します。一時的なアクセスやプログラムによる付与に向いていますが、キーポリシーには現れないため見落としやすくなります (出典: {})。",
            sources::KMS_GRANTS.cite_ja(),
            what = n.what, who = n.who, op = super::statements::operation(n.action)
        ),
    )
}

/// Removing a Deny statement.
pub fn remove_deny(n: &Names<'_>, index: usize, scp: bool) -> Text {
    let t = Text::new(
        format!(
            "Removes statement {index}{sid} of {doc}: the Deny that matches this request. An explicit deny always wins over every Allow, so no Allow can help while it stays; removing it also lifts everything else it denied ({}).",
            sources::EVALUATION_LOGIC.cite(),
            sid = sid_clause(n.sid), doc = n.doc.en()
        ),
        format!(
            "{doc} のステートメント {index}{sid} (このリクエストに一致する Deny) を削除します。明示的な拒否はどの許可よりも常に優先されるため、この Deny が残っている限りどの Allow も効きません。削除すると、この Deny が拒否していた他のリクエストも拒否されなくなります (出典: {})。",
            sources::EVALUATION_LOGIC.cite_ja(),
            sid = sid_clause(n.sid), doc = n.doc.get("ja")
        ),
    );
    Text::join(&[removes_control(), t, reach(scp)], " ", "")
}

/// Narrowing a Deny statement's actions.
pub fn narrow_deny(n: &Names<'_>, index: usize, removed: &str, scp: bool) -> Text {
    let t = Text::new(
        format!(
            "Removes {removed} from the Action of Deny statement {index}{sid} in {doc}, so it no longer denies {action}; the rest of the statement still denies. An explicit deny always wins, so it has to stop matching this request.",
            sid = sid_clause(n.sid), doc = n.doc.en(), action = n.action
        ),
        format!(
            "{doc} の Deny ステートメント {index}{sid} の Action から {removed} を外し、{action} を拒否しないようにします。ステートメントの残りは引き続き拒否します。明示的な拒否は常に優先されるため、このリクエストに一致しないようにする必要があります。",
            sid = sid_clause(n.sid), doc = n.doc.get("ja"), action = n.action
        ),
    );
    Text::join(&[removes_control(), t, reach(scp)], " ", "")
}

/// The mark of an option that removes a control someone wrote on purpose.
fn removes_control() -> Text {
    Text::lit(
        "Removes a control: the Deny was probably written on purpose; prefer the options above.",
        "制御を取り除く選択肢です。この Deny はおそらく意図して書かれたものです。上の選択肢を優先してください。",
    )
}

fn reach(scp: bool) -> Text {
    if scp {
        scp_reach()
    } else {
        Text::default()
    }
}

/// What an RCP edit reaches.
pub fn rcp_reach() -> Text {
    Text::lit(
        "This is a resource control policy: the change applies to every resource of every account under it, for every caller, not only this one.",
        "これはリソースコントロールポリシーです。変更はこの呼び出し元だけでなく、その配下のすべてのアカウントのすべてのリソースに対するすべての呼び出し元に及びます。",
    )
}

/// What an SCP edit reaches.
pub fn scp_reach() -> Text {
    Text::lit(
        "This is a service control policy: the change applies to every account and role under it, not only this caller.",
        "これはサービスコントロールポリシーです。変更はこの呼び出し元だけでなく、その配下のすべてのアカウントとロールに及びます。",
    )
}

/// The caller added to a Deny's exceptions.
pub fn exception(n: &Names<'_>, index: usize, element: &str, value: &str, doc: Text) -> Text {
    Text::new(
        format!(
            "Adds {value} to the exceptions ({element}) of Deny statement {index}{sid} in {doc}: the Deny keeps denying everyone else, and no longer denies {action} by this caller. This narrows a control; check that the exception is intended.",
            sid = sid_clause(n.sid), doc = doc.en(), action = n.action
        ),
        format!(
            "{doc} の Deny ステートメント {index}{sid} の例外 ({element}) に {value} を追加します。Deny は他のすべてを引き続き拒否し、この呼び出し元の {action} だけを拒否しなくなります。制御を狭める変更なので、例外が意図どおりか確認してください。",
            sid = sid_clause(n.sid), doc = doc.get("ja"), action = n.action
        ),
    )
}

/// Lesson 12's answer: the Deny made to spare calls through the service.
pub fn via_exception(n: &Names<'_>, index: usize, via: &str, doc: Text) -> Text {
    Text::new(
        format!(
            "Adds the condition StringNotEquals kms:ViaService {via} to Deny statement {index}{sid} in {doc}: the Deny then applies to every call except those {via} makes on a caller's behalf, direct calls included — the control stays, and the pipeline's call through the service passes.",
            sid = sid_clause(n.sid), doc = doc.en()
        ),
        format!(
            "{doc} の Deny ステートメント {index}{sid} に条件 StringNotEquals kms:ViaService {via} を追加します。Deny は {via} が呼び出し元に代わって行う呼び出し以外のすべて (直接の呼び出しを含む) に適用されます。制御は残り、サービス経由のパイプラインの呼び出しは通ります。",
            sid = sid_clause(n.sid), doc = doc.get("ja")
        ),
    )
}

/// The call made differently: no policy change.
pub fn change_call(values: &[(String, String)], action: &str) -> Text {
    let mut en = Vec::new();
    let mut ja = Vec::new();
    for (k, v) in values {
        let lower = k.to_ascii_lowercase();
        if lower == "kms:viaservice" {
            en.push(format!(
                "call {action} through {v} (kms:ViaService) instead of directly"
            ));
            ja.push(format!(
                "{action} を直接ではなく {v} 経由 (kms:ViaService) で呼び出す"
            ));
        } else if lower == "aws:securetransport" {
            en.push("send the request over TLS (aws:SecureTransport true)".to_string());
            ja.push("リクエストを TLS で送信する (aws:SecureTransport が true)".to_string());
        } else {
            en.push(format!("send {k} = {v}"));
            ja.push(format!("{k} = {v} を送信する"));
        }
    }
    Text::new(
        format!(
            "No policy change needed: {}. The policies already allow the request made this way; the condition says how the call is meant to be made.",
            en.join(", and ")
        ),
        format!(
            "ポリシーの変更は不要です: {}。この方法で行うリクエストはすでに許可されています。条件は呼び出しの方法を決めています。",
            ja.join("、")
        ),
    )
}

/// A direct-call option where an Allow is scoped by `kms:ViaService`.
pub fn bypasses_via() -> Text {
    Text::lit(
        "It bypasses the kms:ViaService scoping of the key's statement for this caller (a control: the key's owner meant calls to come through the service); calling through the service needs no change.",
        "キーのステートメントの kms:ViaService による制限を、この呼び出し元について迂回します (キーの所有者はサービス経由の呼び出しを意図していました)。サービス経由で呼び出せば変更は不要です。",
    )
}

/// The action added to an existing statement instead of a new one.
pub fn merged(n: &Names<'_>, index: usize) -> Text {
    Text::new(
        format!(
            "Adds {action} to the Action list of statement {index} of {doc}, which already names the same principal, resource and conditions: one statement to review instead of two.",
            action = n.action, doc = n.doc.en()
        ),
        format!(
            "{doc} のステートメント {index} の Action に {action} を追加します。このステートメントはすでに同じプリンシパル、リソース、条件を指定しているため、ステートメントを増やさずに済みます。",
            action = n.action, doc = n.doc.get("ja")
        ),
    )
}

/// The conditions a new statement pins, said out loud.
pub fn pins(conditions: &[super::ConditionSpec]) -> Text {
    let list: Vec<String> = conditions
        .iter()
        .map(|c| format!("{} {} {}", c.operator, c.key, c.value))
        .collect();
    Text::new(
        format!(
            "The statement carries the conditions {}, as the request does.",
            list.join("; ")
        ),
        format!(
            "ステートメントには、リクエストと同じ条件 {} を付けます。",
            list.join("、")
        ),
    )
}

/// An identity-policy statement for a caller in another account than the resource.
pub fn identity_cross(n: &Names<'_>) -> Text {
    Text::new(
        format!(
            "Adds statement \"{sid}\" to {doc}, allowing {action} on {what} only. The caller is in another account than the resource: the resource's policy must allow the caller's account or the caller, and the caller's identity-based policy must allow too. This is the half the caller's own account controls.",
            sid = n.sid, doc = n.doc.en(), action = n.action, what = n.what
        ),
        format!(
            "{doc} にステートメント \"{sid}\" を追加し、{what} に対する {action} だけを許可します。呼び出し元はリソースとは別のアカウントにあるため、リソースのポリシーが呼び出し元 (またはそのアカウント) を許可し、さらに呼び出し元のアイデンティティベースのポリシーも許可する必要があります。これは呼び出し元のアカウントが管理する側です。",
            sid = n.sid, doc = n.doc.get("ja"), action = n.action, what = n.what
        ),
    )
}

/// Why a candidate was not offered: its statement tests a key the action does not provide.
pub fn unsupported_key(key: &str, action: &str) -> Text {
    Text::new(
        format!("{action} does not provide the condition key {key} (Service Authorization Reference), so in AWS the condition never holds for it"),
        format!("{action} は条件キー {key} を提供しないため (サービス認可リファレンス)、AWS ではこの条件は成り立ちません"),
    )
}

/// Why a candidate was not offered: it takes away access allowed before.
pub fn takes_away(list: &Text) -> Text {
    Text::new(
        format!("would take away access allowed before: {}", list.en()),
        format!(
            "以前は許可されていたアクセスを失わせます: {}",
            list.get("ja")
        ),
    )
}

/// Why no fix is offered, with the nearest candidate.
pub fn no_fix(nearest: Option<&super::Rejected>) -> Text {
    match nearest {
        Some(r) => Text::new(
            format!(
                "No edit passes the checks. The nearest candidate ({}) was not offered ({}). What it would change: {}",
                r.kind.as_str(), r.reason.en(), r.explanation.en()
            ),
            format!(
                "検査を通る変更はありません。最も近い候補 ({}) は次の理由で提示していません: {}。変更内容: {}",
                r.kind.as_str(), r.reason.get("ja"), r.explanation.get("ja")
            ),
        ),
        None => Text::lit(
            "No document the request depends on can be edited here (an AWS managed key's policy, a policy outside the input), so no edit can allow it.",
            "このリクエストが依存するドキュメントはここでは編集できません (AWS マネージドキーのポリシーや入力にないポリシー)。許可する変更はありません。",
        ),
    }
}

/// Widening a condition that failed.
pub fn widen_condition(n: &Names<'_>, index: usize, key: &str, value: Option<&str>) -> Text {
    match value {
        None => Text::new(
            format!(
                "Removes the {key} condition from statement {index}{sid} of {doc}. The request was made directly, and {key} is set only when an AWS service calls KMS on the caller's behalf; without the condition the statement also allows direct calls by every principal it names, which is broader than this request. Calling through the service instead needs no policy change.",
                sid = sid_clause(n.sid), doc = n.doc.en()
            ),
            format!(
                "{doc} のステートメント {index}{sid} から条件 {key} を削除します。このリクエストはサービス経由ではなく直接行われました。{key} が設定されるのは、AWS のサービスが呼び出し元に代わって KMS を呼び出すときだけです。条件がなくなると、このステートメントが指定するすべてのプリンシパルの直接呼び出しも許可され、このリクエストよりも広くなります。代わりにサービス経由で呼び出せば、ポリシーの変更は不要です。",
                sid = sid_clause(n.sid), doc = n.doc.get("ja")
            ),
        ),
        Some(v) => Text::new(
            format!(
                "Adds {v} to the values of {key} in statement {index}{sid} of {doc}: the condition expected other values, and this request carries {v}. Every principal the statement names can then make requests with that value.",
                sid = sid_clause(n.sid), doc = n.doc.en()
            ),
            format!(
                "{doc} のステートメント {index}{sid} の条件 {key} の値に {v} を追加します。条件は別の値を想定していましたが、このリクエストの値は {v} です。このステートメントが指定するすべてのプリンシパルが、この値でリクエストできるようになります。",
                sid = sid_clause(n.sid), doc = n.doc.get("ja")
            ),
        ),
    }
}

/// A statement in a trust policy.
pub fn trust(n: &Names<'_>, existing: &str) -> Text {
    let (e_en, e_ja) = if existing.is_empty() {
        (String::new(), String::new())
    } else {
        (
            format!(" The policy also trusts {existing}: if that was a slip, replace it with {who} yourself. That is not offered as a fix, because it takes {existing}'s access away (see the options considered).", who = n.who),
            format!("現在の信頼ポリシーは {existing} も信頼しています。これが誤りであれば、{who} に置き換えてください。{existing} のアクセスがなくなるため、修正としては提示していません (検討した案を参照)。", who = n.who),
        )
    };
    Text::new(
        format!(
            "Adds statement \"{sid}\" to the trust policy of {what}, letting {who} call sts:AssumeRole. A trust policy says only who may assume the role; the role's permissions are unchanged.{e_en}",
            sid = n.sid, what = n.what, who = n.who
        ),
        format!(
            "{what} の信頼ポリシーにステートメント \"{sid}\" を追加し、{who} に sts:AssumeRole を許可します。信頼ポリシーはロールを引き受けられる相手だけを決め、ロールのアクセス許可は変わりません。{e_ja}",
            sid = n.sid, what = n.what, who = n.who
        ),
    )
}

/// Replacing the service a trust statement names.
pub fn trust_replace(n: &Names<'_>, index: usize, old: &str) -> Text {
    Text::new(
        format!(
            "Replaces {old} with {who} in trust statement {index} of {what}: the role then trusts the service that actually assumes it, and no longer {old}.",
            what = n.what, who = n.who
        ),
        format!(
            "{what} の信頼ポリシーのステートメント {index} で {old} を {who} に置き換えます。実際にロールを引き受けるサービスを信頼し、{old} は信頼しなくなります。",
            what = n.what, who = n.who
        ),
    )
}

/// A statement in a bucket (or other resource) policy.
pub fn resource_policy(n: &Names<'_>, cross_account: bool) -> Text {
    if cross_account {
        return Text::new(
            format!(
                "Adds statement \"{sid}\" to the policy of {what}, naming {who} for {action} only. The caller is in another account: the resource's policy must name it, and its own identity-based policy must allow too (that half already allows).",
                sid = n.sid, what = n.what, who = n.who, action = n.action
            ),
            format!(
                "{what} のポリシーにステートメント \"{sid}\" を追加し、{who} に {action} だけを許可します。呼び出し元は別のアカウントにあるため、リソースのポリシーが呼び出し元を指定し、さらに呼び出し元のアイデンティティベースのポリシーも許可する必要があります (そちらはすでに許可しています)。",
                sid = n.sid, what = n.what, who = n.who, action = n.action
            ),
        );
    }
    Text::new(
        format!(
            "Adds statement \"{sid}\" to the policy of {what}, naming {who} for {action} only. Within one account a resource-based policy can allow on its own; the identity-policy option keeps the permission with the role instead.",
            sid = n.sid, what = n.what, who = n.who, action = n.action
        ),
        format!(
            "{what} のポリシーにステートメント \"{sid}\" を追加し、{who} に {action} だけを許可します。同じアカウント内では、リソースベースのポリシーが単独で許可できます。アイデンティティベースのポリシーの選択肢では、アクセス許可をロール側に置きます。",
            sid = n.sid, what = n.what, who = n.who, action = n.action
        ),
    )
}

/// A statement in a permissions boundary.
pub fn boundary(n: &Names<'_>) -> Text {
    Text::new(
        format!(
            "Adds {action} on {what} to the permissions boundary. A boundary sets the most a role's identity policies can grant: an identity policy already allows this request, so the boundary must allow it too ({}).",
            sources::BOUNDARIES.cite(),
            action = n.action, what = n.what
        ),
        format!(
            "アクセス許可の境界に {what} に対する {action} を追加します。境界はロールのアイデンティティベースのポリシーが付与できる上限を決めます。アイデンティティベースのポリシーはすでにこのリクエストを許可しているため、境界も許可する必要があります (出典: {})。",
            sources::BOUNDARIES.cite_ja(),
            action = n.action, what = n.what
        ),
    )
}

/// A statement in a service control policy.
pub fn scp(n: &Names<'_>) -> Text {
    Text::new(
        format!(
            "Adds {action} on {what} to the service control policy {doc}. SCPs never grant on their own, but an Allow is needed at every level of the organization where SCPs apply (root, each OU, the account); this edit covers this level only, and it applies to every account and role under it ({}).",
            sources::EVALUATION_LOGIC.cite(),
            action = n.action, what = n.what, doc = n.doc.en()
        ),
        format!(
            "サービスコントロールポリシー {doc} に {what} に対する {action} を追加します。SCP は単独では何も付与しませんが、SCP が適用される組織のすべての階層 (ルート、各 OU、アカウント) で Allow が必要です。この変更はこの階層だけを対象とし、その配下のすべてのアカウントとロールに及びます (出典: {})。",
            sources::EVALUATION_LOGIC.cite_ja(),
            action = n.action, what = n.what, doc = n.doc.get("ja")
        ),
    )
}

/// A new SCP attached at the organization level (`at`: "OU Prod (ou-…)") where no SCP
/// allows the request, naming the SCPs already attached there (`attached`).
pub fn scp_attach(n: &Names<'_>, at: &Text, attached: &[String]) -> Text {
    let (list_en, list_ja) = if attached.is_empty() {
        (
            "nothing is attached there".to_string(),
            "そこには何もアタッチされていません".to_string(),
        )
    } else {
        (
            format!("{} attached there does not allow it", attached.join(", ")),
            format!(
                "そこにアタッチされている {} は許可していません",
                attached.join("、")
            ),
        )
    };
    Text::new(
        format!(
            "Attaches a new SCP {doc} at {at} allowing exactly {action} on {what}. An SCP Allow is needed at every level from the root to the account ({list_en}; the other levels already allow it). The SCPs attached there stay as they are, and SCPs grant nothing on their own: the role's own policy still decides. This changes a control of the organization: it applies to every account and role under {at} ({}).",
            sources::ORGS_SCP_EVALUATION.cite(),
            doc = n.sid, at = at.en(), action = n.action, what = n.what
        ),
        format!(
            "{at} に、{what} に対する {action} だけを許可する新しい SCP {doc} をアタッチします。ルートからアカウントまでのすべての階層で SCP による Allow が必要です ({list_ja}。ほかの階層はすでに許可しています)。そこにアタッチ済みの SCP は変更せず、SCP は単独では何も付与しません (ロール自身のポリシーが引き続き判断します)。これは組織の制御の変更で、{at} の配下のすべてのアカウントとロールに及びます (出典: {})。",
            sources::ORGS_SCP_EVALUATION.cite_ja(),
            doc = n.sid, at = at.get("ja"), action = n.action, what = n.what
        ),
    )
}

/// Two fixes together (a cross-account request, or a Deny removed and an Allow added).
pub fn both(first: &Text, second: &Text) -> Text {
    Text::new(
        format!("{} Then: {}", first.en(), second.en()),
        format!("{} 続いて: {}", first.get("ja"), second.get("ja")),
    )
}

/// A cross-account request whose caller's identity policy already allows: the
/// resource's side is the missing half.
pub fn cross_resource_half(account: &str) -> Text {
    Text::new(
        format!("The caller is in another account than the resource ({account}), and its identity-based policy already allows: only the resource's policy is missing, and only it changes."),
        format!("呼び出し元はリソース ({account}) とは別のアカウントにあり、そのアイデンティティベースのポリシーはすでに許可しています。足りないのはリソースのポリシーだけで、変更するのもそれだけです。"),
    )
}

/// A cross-account request where neither side allows yet.
pub fn cross_account(account: &str) -> Text {
    Text::new(
        format!("The caller is in another account than the resource ({account}), and neither the resource's policy nor the caller's identity-based policy allows yet: both must allow, so this option changes both."),
        format!("呼び出し元はリソース ({account}) とは別のアカウントにあり、リソースのポリシーも呼び出し元のアイデンティティベースのポリシーもまだ許可していません。両方が許可する必要があるため、この選択肢は両方を変更します。"),
    )
}

/// A near-miss statement the new one supersedes, removed.
pub fn supersedes(index: usize) -> Text {
    Text::new(
        format!("It also removes statement {index}, which allowed the same caller and action under narrower conditions: the new statement covers everything it allowed, so the policy keeps one statement instead of two."),
        format!("また、同じ呼び出し元とアクションをより狭い条件で許可していたステートメント {index} を削除します。新しいステートメントがその許可をすべて含むため、ステートメントは 2 つではなく 1 つになります。"),
    )
}

/// Why a candidate was not offered: still denied.
pub fn still_denied(rule: &Text) -> Text {
    Text::new(
        format!("not enough on its own: {}", rule.en()),
        format!("この変更だけではまだ拒否されます ({})", rule.get("ja")),
    )
}

/// Why a candidate was not offered: the edited document does not parse.
pub fn not_applicable() -> Text {
    Text::lit(
        "the edit cannot be applied to the document",
        "この変更はドキュメントに適用できません",
    )
}

fn sid_clause(sid: &str) -> String {
    if sid.is_empty() {
        String::new()
    } else {
        format!(" (Sid \"{sid}\")")
    }
}

/// The Japanese of a text with no half-width space between a Japanese word and the particle
/// after it (「キーポリシー のステートメント」, where a label that ends in Japanese meets a
/// template's 「{doc} の」) and none after 「。」. A space between Latin text and Japanese
/// (「KinesisKey の」) is the house style and stays.
pub fn tidy_ja(t: &Text) -> Text {
    let ja: Vec<char> = t.get("ja").chars().collect();
    let mut out = String::with_capacity(t.get("ja").len());
    for (i, &c) in ja.iter().enumerate() {
        if c == ' ' && i > 0 {
            let before = ja[i - 1];
            let particle = ja
                .get(i + 1)
                .is_some_and(|n| "のをにがでとはへもや".contains(*n));
            let kana_or_kanji = matches!(before, '\u{3040}'..='\u{30ff}' | '\u{4e00}'..='\u{9fff}');
            if (kana_or_kanji && particle) || before == '。' {
                continue;
            }
        }
        out.push(c);
    }
    Text::new(t.en().to_string(), out)
}

/// What [`kms_not_cross_account`] names: the request and where its parties are.
pub struct Refusal<'a> {
    /// The caller, as texts name it.
    pub who: &'a str,
    /// Its account.
    pub caller_account: &'a str,
    /// The action (`kms:ScheduleKeyDeletion`).
    pub action: &'a str,
    /// The key, as texts name it.
    pub what: &'a str,
    /// The key's account.
    pub key_account: &'a str,
    /// The explicit deny that decided first (its rule text), if one did.
    pub deny: Option<Text>,
    /// Roles of the key's account the caller may assume and that may make the call, each
    /// found by evaluating both requests (`sts:AssumeRole`, then the action as the role).
    pub roles: &'a [String],
}

/// Why no fix is offered for a "Cross-account use: No" KMS operation on another account's
/// key: no edit of any policy in either account can allow it, and what to do instead (a
/// principal of the key's account; a role to assume only where one was found).
pub fn kms_not_cross_account(r: &Refusal<'_>) -> Text {
    let Refusal {
        who,
        caller_account,
        action,
        what,
        key_account,
        ..
    } = *r;
    let deny = r.deny.as_ref().map(|d| {
        Text::new(
            format!(
                "An explicit deny decides first ({}); AWS evaluates explicit denies before anything else ({}). Removing or narrowing that Deny would not make the request work either.",
                d.en(),
                sources::EVALUATION_LOGIC.cite()
            ),
            format!(
                "先に明示的な拒否で決まります ({})。AWS は明示的な拒否を最初に評価します (出典: {})。その Deny を削除したり狭めたりしても、このリクエストは成功しません。",
                d.get("ja"),
                sources::EVALUATION_LOGIC.cite_ja()
            ),
        )
    });
    let refusal = Text::new(
        format!(
            "No policy edit can allow this request. {action} is a KMS operation that cannot be called on a key in another account: the key {what} belongs to account {key_account} and the caller {who} is in account {caller_account}, and KMS lets other accounts use a key only for the operations whose API reference says \"Cross-account use: Yes\" (cryptographic operations, DescribeKey, GetPublicKey, GetKeyRotationStatus and the grant operations). So no edit in either account makes {action} work on this key from account {caller_account}: not the key policy (even \"Principal\": \"*\" with \"kms:*\"), not the caller's IAM policies, a grant, an SCP or an RCP ({}). Instead, call {action} with a principal of the key's own account {key_account}.",
            sources::KMS_CROSS_ACCOUNT.cite()
        ),
        format!(
            "ポリシーをどう変更しても、このリクエストは許可できません。{action} は別のアカウントのキーに対しては呼び出せない KMS オペレーションです。キー {what} はアカウント {key_account} のもので、呼び出し元 {who} はアカウント {caller_account} にあります。KMS が他のアカウントにキーの使用を認めるのは、API リファレンスで「Cross-account use: Yes」とされているオペレーション (暗号化オペレーション、DescribeKey、GetPublicKey、GetKeyRotationStatus、グラントのオペレーション) だけです。そのため、どちらのアカウントで何を変更しても、アカウント {caller_account} からこのキーに対して {action} は実行できません。キーポリシー (\"Principal\": \"*\" と \"kms:*\" にしても)、呼び出し元の IAM ポリシー、グラント、SCP、RCP のどれも同じです (出典: {})。代わりに、キー自身のアカウント {key_account} のプリンシパルで {action} を呼び出してください。",
            sources::KMS_CROSS_ACCOUNT.cite_ja()
        ),
    );
    let path = if r.roles.is_empty() {
        Text::new(
            format!(
                "Nothing here gives {who} such a principal: no role of account {key_account} here is both one {who} may assume and one allowed {action} on {what}. A key administrator of account {key_account} makes the call, or a role there that {who} is allowed to assume (its trust policy and {who}'s IAM allowing sts:AssumeRole) and that is allowed {action} (by the key policy, or by that account's IAM where the key policy delegates to it)."
            ),
            format!(
                "ここには、そのようなプリンシパルを {who} に与えるものはありません。アカウント {key_account} のロールのうち、{who} が引き受けられ、かつ {what} に対する {action} を許可されているものはありません。アカウント {key_account} のキー管理者が呼び出すか、{who} が引き受けることを許可され (ロールの信頼ポリシーと {who} の IAM が sts:AssumeRole を許可)、{action} を許可された (キーポリシーで、またはキーポリシーが委任している場合はそのアカウントの IAM で) ロールをそのアカウントで使ってください。"
            ),
        )
    } else {
        let roles = r.roles.join(", ");
        let roles_ja = r.roles.join("、");
        Text::new(
            format!(
                "Here {who} may assume {roles} in account {key_account} (the role's trust policy and {who}'s IAM allow sts:AssumeRole), and that role is allowed {action} on {what}, both checked by evaluation: call {action} from a session of that role."
            ),
            format!(
                "ここでは、{who} はアカウント {key_account} の {roles_ja} を引き受けることができ (ロールの信頼ポリシーと {who} の IAM が sts:AssumeRole を許可)、そのロールには {what} に対する {action} が許可されています (どちらも評価で確認済み)。そのロールのセッションから {action} を呼び出してください。"
            ),
        )
    };
    let mut parts: Vec<Text> = deny.into_iter().collect();
    parts.push(refusal);
    parts.push(path);
    Text::join(&parts, " ", "")
}
