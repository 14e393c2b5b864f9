//! The browser glue: URL fragment, localStorage, languages, postMessage, keyboard, timers,
//! clipboard, download, file import and Web Workers. Only this module touches `web_sys`/`gloo`
//! directly; natively (server rendering and `cargo test`) every function is an inert stub.

/// Keeps an event listener or timer alive; dropping it removes the listener.
pub struct Guard(#[allow(dead_code)] Box<dyn std::any::Any>);

#[cfg(target_arch = "wasm32")]
mod imp {
    use super::Guard;
    use gloo::events::{EventListener, EventListenerOptions};
    use gloo::storage::{LocalStorage, Storage};
    use serde_json::Value;
    use wasm_bindgen::{JsCast, JsValue};
    use yew::Callback;

    fn window() -> Option<web_sys::Window> {
        web_sys::window()
    }

    pub fn fragment() -> String {
        window()
            .and_then(|w| w.location().hash().ok())
            .unwrap_or_default()
    }

    /// Replaces the fragment without adding a history entry or scrolling.
    pub fn replace_fragment(fragment: &str) {
        if let Some(w) = window() {
            if let Ok(history) = w.history() {
                let url = if fragment.is_empty() {
                    let loc = w.location();
                    format!(
                        "{}{}",
                        loc.pathname().unwrap_or_default(),
                        loc.search().unwrap_or_default()
                    )
                } else {
                    format!("#{fragment}")
                };
                let _ = history.replace_state_with_url(&JsValue::NULL, "", Some(&url));
            }
        }
    }

    /// Sets the fragment as a new history entry (Back returns to the one before).
    pub fn push_fragment(fragment: &str) {
        if let Some(w) = window() {
            if let Ok(history) = w.history() {
                let url = format!("#{fragment}");
                let _ = history.push_state_with_url(&JsValue::NULL, "", Some(&url));
            }
        }
    }

    /// Back, Forward and fragment navigation in the page: the new fragment.
    pub fn on_popstate(callback: Callback<String>) -> Option<Guard> {
        let w = window()?;
        let listener = EventListener::new(&w, "popstate", move |_| callback.emit(fragment()));
        Some(Guard(Box::new(listener)))
    }

    pub fn page_url() -> String {
        window()
            .and_then(|w| w.location().href().ok())
            .unwrap_or_default()
    }

    pub fn storage_get(key: &str) -> Result<Option<String>, String> {
        LocalStorage::raw()
            .get_item(key)
            .map_err(|e| format!("{e:?}"))
    }

    pub fn storage_set(key: &str, value: &str) -> bool {
        LocalStorage::raw().set_item(key, value).is_ok()
    }

    pub fn languages() -> Vec<String> {
        let Some(w) = window() else { return vec![] };
        let nav = w.navigator();
        let mut out: Vec<String> = nav
            .languages()
            .iter()
            .filter_map(|v| v.as_string())
            .collect();
        if out.is_empty() {
            out.extend(nav.language());
        }
        out
    }

    pub fn set_document_lang(code: &str) {
        if let Some(el) = window()
            .and_then(|w| w.document())
            .and_then(|d| d.document_element())
        {
            let _ = el.set_attribute("lang", code);
        }
    }

    pub fn in_frame() -> bool {
        let Some(w) = window() else { return false };
        match w.parent() {
            Ok(Some(parent)) => !js_sys::Object::is(&parent, &w),
            _ => false,
        }
    }

    pub fn post_to_parent(message: &Value) {
        if !in_frame() {
            return;
        }
        let Some(parent) = window().and_then(|w| w.parent().ok().flatten()) else {
            return;
        };
        let Ok(text) = serde_json::to_string(message) else {
            return;
        };
        if let Ok(js) = js_sys::JSON::parse(&text) {
            let _ = parent.post_message(&js, "*");
        }
    }

    /// Messages from the parent window (other sources are ignored), as JSON.
    pub fn on_parent_message(callback: Callback<Value>) -> Option<Guard> {
        let w = window()?;
        let listener = EventListener::new(&w, "message", move |event| {
            let Some(event) = event.dyn_ref::<web_sys::MessageEvent>() else {
                return;
            };
            let from_parent = match (
                web_sys::window().and_then(|w| w.parent().ok().flatten()),
                event.source(),
            ) {
                (Some(parent), Some(source)) => js_sys::Object::is(&parent, &source),
                _ => false,
            };
            if !from_parent {
                return;
            }
            let data = event.data();
            let text = if let Some(s) = data.as_string() {
                s
            } else {
                match js_sys::JSON::stringify(&data) {
                    Ok(s) => s.as_string().unwrap_or_default(),
                    Err(_) => return,
                }
            };
            if let Ok(value) = serde_json::from_str::<Value>(&text) {
                callback.emit(value);
            }
        });
        Some(Guard(Box::new(listener)))
    }

    /// Key presses on the document, except those typed into inputs and text areas. The
    /// callback gets the key (`" "`, `"ArrowRight"`, `"r"`…) and returns true when it used
    /// it (the default action is then prevented).
    pub fn on_key(callback: Callback<String, bool>) -> Option<Guard> {
        let doc = window()?.document()?;
        let options = EventListenerOptions::enable_prevent_default();
        let listener = EventListener::new_with_options(&doc, "keydown", options, move |event| {
            let Some(event) = event.dyn_ref::<web_sys::KeyboardEvent>() else {
                return;
            };
            if event.ctrl_key() || event.meta_key() || event.alt_key() {
                return;
            }
            let key = event.key();
            let typing = event
                .target()
                .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
                .map(|el| owns_key(&el, &key))
                .unwrap_or(false);
            if typing {
                return;
            }
            if callback.emit(key) {
                event.prevent_default();
            }
        });
        Some(Guard(Box::new(listener)))
    }

    /// Whether the focused element uses `key` itself: text fields, selects and editable
    /// text take every key; buttons, links, summaries and check boxes take Space (and
    /// radio buttons the arrows); anything else leaves the key to the app's shortcuts.
    fn owns_key(el: &web_sys::Element, key: &str) -> bool {
        let tag = el.tag_name().to_ascii_lowercase();
        let space = key == " " || key == "Spacebar";
        let arrow = key.starts_with("Arrow");
        match tag.as_str() {
            "textarea" | "select" => true,
            "input" => {
                let kind = el
                    .get_attribute("type")
                    .unwrap_or_default()
                    .to_ascii_lowercase();
                match kind.as_str() {
                    "checkbox" | "button" | "submit" | "reset" | "file" | "color" => space,
                    "radio" => space || arrow,
                    "range" => arrow,
                    _ => true,
                }
            }
            "button" | "a" | "summary" => space,
            _ => {
                if el.closest("[contenteditable]").ok().flatten().is_some() {
                    return true;
                }
                let role = el.get_attribute("role").unwrap_or_default();
                matches!(
                    role.as_str(),
                    "button" | "link" | "tab" | "checkbox" | "switch"
                ) && space
            }
        }
    }

    /// Scrolls the element with this id to its own top (a scrolling column). A column
    /// that does not scroll on its own (a phone's single column: the window scrolls) is
    /// brought to the top of the window instead, below the sticky pane switch.
    pub fn scroll_to_top(id: &str) {
        let Some(el) = element_by_id(id) else {
            return;
        };
        el.set_scroll_top(0);
        if el.scroll_height() > el.client_height() + 1 {
            return;
        }
        let below = element_by_id("pane-lesson")
            .map(|tabs| tabs.get_bounding_client_rect().bottom().max(0.0))
            .unwrap_or(0.0);
        let top = el.get_bounding_client_rect().top() - below - 8.0;
        if top < 0.0 {
            if let Some(w) = window() {
                w.scroll_by_with_x_and_y(0.0, top);
            }
        }
    }

    /// What can take the keyboard focus inside a dialog or list.
    const FOCUSABLE: &str = "a[href], button:not([disabled]), input:not([disabled]), select:not([disabled]), textarea:not([disabled]), summary, [tabindex]:not([tabindex=\"-1\"])";

    /// The elements under `root` (document order) that match `selector`.
    fn select(root: &web_sys::Element, selector: &str) -> Vec<web_sys::Element> {
        let mut out = Vec::new();
        let mut stack = Vec::new();
        let mut next = root.first_element_child();
        loop {
            match next {
                Some(el) => {
                    if el.matches(selector).unwrap_or(false) {
                        out.push(el.clone());
                    }
                    next = el.first_element_child();
                    stack.push(el);
                }
                None => match stack.pop() {
                    Some(done) => next = done.next_element_sibling(),
                    None => return out,
                },
            }
        }
    }

    fn focusables(root: &web_sys::Element) -> Vec<web_sys::HtmlElement> {
        select(root, FOCUSABLE)
            .into_iter()
            .filter_map(|n| n.dyn_into::<web_sys::HtmlElement>().ok())
            .filter(|e| e.offset_parent().is_some())
            .collect()
    }

    /// The element that has the focus now (to give it back later).
    pub fn active_element() -> Option<web_sys::HtmlElement> {
        window()?
            .document()?
            .active_element()?
            .dyn_into::<web_sys::HtmlElement>()
            .ok()
    }

    /// Gives the focus back to `el` if it is still in the page.
    pub fn restore_focus(el: Option<web_sys::HtmlElement>) {
        if let Some(el) = el.filter(|e| e.is_connected()) {
            let _ = el.focus();
        }
    }

    /// Focuses the element marked `autofocus` in `root`, else its first focusable one.
    pub fn focus_first_in(root: &web_sys::Element) {
        let marked = root
            .query_selector("[autofocus]")
            .ok()
            .flatten()
            .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok());
        if let Some(el) = marked.or_else(|| focusables(root).into_iter().next()) {
            let _ = el.focus();
        }
    }

    /// Tab and Shift+Tab wrap around inside `root` (a modal dialog).
    pub fn wrap_tab(root: &web_sys::Element, event: &web_sys::KeyboardEvent) {
        let all = focusables(root);
        let (Some(first), Some(last)) = (all.first(), all.last()) else {
            event.prevent_default();
            return;
        };
        let active = active_element();
        let at = |e: &web_sys::HtmlElement| active.as_ref().is_some_and(|a| a == e);
        let inside = active
            .as_ref()
            .is_some_and(|a| root.contains(Some(a.as_ref())));
        if event.shift_key() && (at(first) || !inside) {
            event.prevent_default();
            let _ = last.focus();
        } else if !event.shift_key() && (at(last) || !inside) {
            event.prevent_default();
            let _ = first.focus();
        }
    }

    /// While the guard lives, focus that leaves `root` (a click behind a modal dialog, a
    /// script) is brought back into it.
    pub fn keep_focus_in(root: web_sys::Element) -> Option<Guard> {
        let doc = window()?.document()?;
        let listener = EventListener::new(&doc, "focusin", move |event| {
            let inside = event
                .target()
                .and_then(|t| t.dyn_into::<web_sys::Node>().ok())
                .is_some_and(|n| root.contains(Some(&n)));
            if !inside && root.is_connected() {
                focus_first_in(&root);
            }
        });
        Some(Guard(Box::new(listener)))
    }

    /// Roving tabindex over the rows of a list: the focusable element of the row marked
    /// `data-item="<active>"` (else of the first row shown) is the list's one tab stop.
    pub fn rove(root: &web_sys::Element, active: Option<usize>) {
        let rows = select(root, "[data-item]");
        let item = |r: &web_sys::Element| {
            r.get_attribute("data-item")
                .and_then(|v| v.parse::<usize>().ok())
        };
        let stop = active
            .filter(|a| rows.iter().any(|r| item(r) == Some(*a)))
            .or_else(|| rows.first().and_then(item));
        for row in &rows {
            let tab = if item(row) == stop { "0" } else { "-1" };
            for el in focusables_all(row) {
                let _ = el.set_attribute("tabindex", tab);
            }
        }
    }

    /// Every button, link or field in `root`, whatever its tabindex.
    fn focusables_all(root: &web_sys::Element) -> Vec<web_sys::Element> {
        select(root, "a[href], button, input, select, textarea, summary")
    }

    /// Focuses the first focusable element of the row `data-item="<index>"` in `root`.
    pub fn focus_item(root: &web_sys::Element, index: usize) -> bool {
        let row = root
            .query_selector(&format!("[data-item=\"{index}\"]"))
            .ok()
            .flatten();
        match row.and_then(|r| focusables_all(&r).into_iter().next()) {
            Some(el) => el
                .dyn_into::<web_sys::HtmlElement>()
                .map(|e| e.focus().is_ok())
                .unwrap_or(false),
            None => false,
        }
    }

    /// The `data-item` of the row holding the focused element, inside `root`.
    pub fn focused_item(root: &web_sys::Element) -> Option<usize> {
        let active = active_element()?;
        if !root.contains(Some(active.as_ref())) {
            return None;
        }
        active
            .closest("[data-item]")
            .ok()
            .flatten()?
            .get_attribute("data-item")?
            .parse()
            .ok()
    }

    fn element_by_id(id: &str) -> Option<web_sys::Element> {
        window()
            .and_then(|w| w.document())
            .and_then(|d| d.get_element_by_id(id))
    }

    /// Scrolls the first element matching `selector` inside `el` (or `el` itself when
    /// none matches) to the middle of the view, scrolling the frames around it as needed.
    pub fn reveal_in(el: &web_sys::Element, selector: &str) {
        let target = el.query_selector(selector).ok().flatten();
        reveal(
            target.as_ref().unwrap_or(el),
            web_sys::ScrollLogicalPosition::Center,
        );
    }

    fn reveal(el: &web_sys::Element, block: web_sys::ScrollLogicalPosition) {
        let options = web_sys::ScrollIntoViewOptions::new();
        options.set_block(block);
        el.scroll_into_view_with_scroll_into_view_options(&options);
    }

    /// Scrolls the element with this id into view (if it is not in view).
    pub fn reveal_id(id: &str) {
        if let Some(el) = element_by_id(id) {
            reveal(&el, web_sys::ScrollLogicalPosition::Nearest);
        }
    }

    /// Scrolls the element with this id into view, as little as needed.
    pub fn scroll_into_view(id: &str) {
        let Some(el) = window()
            .and_then(|w| w.document())
            .and_then(|d| d.get_element_by_id(id))
        else {
            return;
        };
        let options = web_sys::ScrollIntoViewOptions::new();
        options.set_block(web_sys::ScrollLogicalPosition::Nearest);
        el.scroll_into_view_with_scroll_into_view_options(&options);
    }

    /// Moves the keyboard focus to the element with this id (a heading or a paragraph
    /// new content starts with is made focusable by script only, `tabindex="-1"`).
    pub fn focus(id: &str) {
        if let Some(el) = window()
            .and_then(|w| w.document())
            .and_then(|d| d.get_element_by_id(id))
            .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
        {
            if el.tab_index() < 0 && !el.has_attribute("tabindex") {
                let _ = el.set_attribute("tabindex", "-1");
            }
            let _ = el.focus();
        }
    }

    /// Whether the page matches a media query now, and a listener for its changes.
    pub fn on_media(query: &str, callback: Callback<bool>) -> (bool, Option<Guard>) {
        let Some(list) = window().and_then(|w| w.match_media(query).ok().flatten()) else {
            return (false, None);
        };
        let now = list.matches();
        let target = list.clone();
        let listener = EventListener::new(&target, "change", move |_| {
            callback.emit(list.matches());
        });
        (now, Some(Guard(Box::new(listener))))
    }

    /// Runs `f` before the next repaint.
    pub fn animation_frame(f: impl FnOnce(f64) + 'static) -> Guard {
        Guard(Box::new(gloo::render::request_animation_frame(f)))
    }

    pub fn now_ms() -> f64 {
        window()
            .and_then(|w| w.performance())
            .map(|p| p.now())
            .unwrap_or(0.0)
    }

    /// Runs `f` after `ms` milliseconds (0: on the next turn of the event loop).
    pub fn timeout(ms: u32, f: impl FnOnce() + 'static) -> Guard {
        Guard(Box::new(gloo::timers::callback::Timeout::new(ms, f)))
    }

    /// Runs `f` as a new task as soon as the browser has handled input and painted what is
    /// due. A message to ourselves, not `setTimeout(0)`: nested timeouts are clamped to
    /// 4 ms each, which a long run made of ~30 ms slices paid dozens of times.
    pub fn soon(f: impl FnOnce() + 'static) -> Guard {
        let Ok(channel) = web_sys::MessageChannel::new() else {
            return timeout(0, f);
        };
        let port = channel.port1();
        let listener = EventListener::once(&port, "message", move |_| f());
        port.start();
        let _ = channel.port2().post_message(&JsValue::NULL);
        Guard(Box::new((channel, listener)))
    }

    /// Results that arrive in any order (fetches, file reads), reported together in the
    /// order asked once the last one is in.
    struct Gather<T> {
        slots: std::rc::Rc<std::cell::RefCell<Vec<Option<T>>>>,
        done: Callback<Vec<T>>,
    }

    impl<T> Clone for Gather<T> {
        fn clone(&self) -> Self {
            Gather {
                slots: self.slots.clone(),
                done: self.done.clone(),
            }
        }
    }

    impl<T: 'static> Gather<T> {
        fn new(n: usize, done: Callback<Vec<T>>) -> Self {
            let slots = (0..n).map(|_| None).collect();
            Gather {
                slots: std::rc::Rc::new(std::cell::RefCell::new(slots)),
                done,
            }
        }

        /// The result for slot `i`; the last one reports them all.
        fn put(&self, i: usize, value: T) {
            let finished = {
                let mut slots = self.slots.borrow_mut();
                if let Some(slot) = slots.get_mut(i) {
                    *slot = Some(value);
                }
                slots.iter().all(Option::is_some)
            };
            if finished {
                let all = self.slots.borrow_mut().drain(..).flatten().collect();
                self.done.emit(all);
            }
        }
    }

    /// Fetches same-origin text files (relative to the page) at once and reports them
    /// together, in the order asked, each as its text or why it could not be read.
    pub fn fetch_texts(urls: Vec<String>, done: Callback<Vec<Result<String, String>>>) {
        let gather = Gather::new(urls.len(), done);
        for (i, url) in urls.into_iter().enumerate() {
            let gather = gather.clone();
            yew::platform::spawn_local(async move {
                let text = fetch_text(&url).await.map_err(|e| format!("{url}: {e}"));
                gather.put(i, text);
            });
        }
    }

    async fn fetch_text(url: &str) -> Result<String, String> {
        let response = gloo::net::http::Request::get(url)
            .send()
            .await
            .map_err(|e| e.to_string())?;
        if !response.ok() {
            return Err(format!("HTTP {}", response.status()));
        }
        response.text().await.map_err(|e| e.to_string())
    }

    /// The text of a non-executable data block in the page (`<script type="application/json"
    /// id=…>`), if the page has one: the single-file build carries its course in one.
    pub fn data_block(id: &str) -> Option<String> {
        window()?.document()?.get_element_by_id(id)?.text_content()
    }

    /// Dispatches `new CustomEvent(name, {detail})` on the window, for scripts of the same
    /// page (the SCORM adapter of the packaged build listens for progress).
    pub fn dispatch_event(name: &str, detail: &Value) {
        let Some(w) = window() else { return };
        let Ok(text) = serde_json::to_string(detail) else {
            return;
        };
        let Ok(js) = js_sys::JSON::parse(&text) else {
            return;
        };
        let init = web_sys::CustomEventInit::new();
        init.set_detail(&js);
        if let Ok(event) = web_sys::CustomEvent::new_with_event_init_dict(name, &init) {
            let _ = w.dispatch_event(&event);
        }
    }

    /// A `performance.mark` (read by the benchmark script; harmless otherwise).
    pub fn mark(name: &str) {
        if let Some(p) = window().and_then(|w| w.performance()) {
            let _ = p.mark(name);
        }
    }

    /// Bytes of the module's linear memory (it only grows: the peak so far).
    pub fn memory_bytes() -> f64 {
        (core::arch::wasm32::memory_size(0) * 65536) as f64
    }

    pub fn copy_text(text: &str) -> bool {
        let Some(w) = window() else { return false };
        let promise = w.navigator().clipboard().write_text(text);
        // A refused clipboard (no permission, no focus) is not an error worth reporting:
        // the link is in the address bar anyway.
        let ignore = wasm_bindgen::closure::Closure::<dyn FnMut(JsValue)>::new(|_: JsValue| {});
        let _ = promise.catch(&ignore);
        ignore.forget();
        true
    }

    pub fn download(filename: &str, text: &str) {
        download_as(filename, "application/json", text)
    }

    /// Offers `text` as a file of type `mime`.
    pub fn download_as(filename: &str, mime: &str, text: &str) {
        let Some(doc) = window().and_then(|w| w.document()) else {
            return;
        };
        let parts = js_sys::Array::of1(&JsValue::from_str(text));
        let options = web_sys::BlobPropertyBag::new();
        options.set_type(mime);
        let Ok(blob) = web_sys::Blob::new_with_str_sequence_and_options(&parts, &options) else {
            return;
        };
        let Ok(url) = web_sys::Url::create_object_url_with_blob(&blob) else {
            return;
        };
        if let Ok(a) = doc.create_element("a") {
            if let Ok(a) = a.dyn_into::<web_sys::HtmlAnchorElement>() {
                a.set_href(&url);
                a.set_download(filename);
                a.click();
            }
        }
        let _ = web_sys::Url::revoke_object_url(&url);
    }

    /// Reads every file of a list (a file input's or a drop's), reporting them together in
    /// order as (name, text or why it could not be read).
    pub fn read_files(
        files: web_sys::FileList,
        done: Callback<Vec<(String, Result<String, String>)>>,
    ) -> Option<Guard> {
        let n = files.length() as usize;
        if n == 0 {
            return None;
        }
        let gather = Gather::new(n, done);
        let mut readers = Vec::new();
        for i in 0..n {
            let Some(file) = files.get(i as u32) else {
                continue;
            };
            let file = gloo::file::File::from(file);
            let name = file.name();
            let gather = gather.clone();
            readers.push(gloo::file::callbacks::read_as_text(&file, move |r| {
                gather.put(i, (name, r.map_err(|e| e.to_string())));
            }));
        }
        Some(Guard(Box::new(readers)))
    }

    /// Files dropped anywhere on the page (dragging files over the page is accepted;
    /// other drags keep their default).
    pub fn on_file_drop(callback: Callback<web_sys::FileList>) -> Option<Guard> {
        let doc = window()?.document()?;
        let options = EventListenerOptions::enable_prevent_default();
        let has_files = |event: &web_sys::DragEvent| {
            event
                .data_transfer()
                .map(|d| {
                    d.types()
                        .iter()
                        .any(|t| t.as_string().as_deref() == Some("Files"))
                })
                .unwrap_or(false)
        };
        let over = EventListener::new_with_options(&doc, "dragover", options, move |event| {
            if let Some(e) = event.dyn_ref::<web_sys::DragEvent>() {
                if has_files(e) {
                    e.prevent_default();
                }
            }
        });
        let drop = EventListener::new_with_options(&doc, "drop", options, move |event| {
            let Some(e) = event.dyn_ref::<web_sys::DragEvent>() else {
                return;
            };
            if let Some(files) = e.data_transfer().and_then(|d| d.files()) {
                if files.length() > 0 {
                    e.prevent_default();
                    callback.emit(files);
                }
            }
        });
        Some(Guard(Box::new((over, drop))))
    }

    /// A Web Worker the page started; dropping it ends the worker.
    pub struct Worker {
        worker: web_sys::Worker,
        blob_url: Option<String>,
        _listeners: [EventListener; 2],
    }

    impl Worker {
        /// Posts a text message to the worker.
        pub fn post(&self, text: &str) -> bool {
            self.worker.post_message(&JsValue::from_str(text)).is_ok()
        }
    }

    impl Drop for Worker {
        fn drop(&mut self) {
            self.worker.terminate();
            if let Some(url) = &self.blob_url {
                let _ = web_sys::Url::revoke_object_url(url);
            }
        }
    }

    /// Starts a classic Web Worker from the script at `url` (relative to the page) or, when
    /// the page carries the worker's script in the data block `block` (the single-file
    /// build has no file to load), from that script as a `blob:` URL. The worker's text
    /// messages go to `on_message`; its failures (script not loaded, an uncaught error) to
    /// `on_error`.
    pub fn start_worker(
        url: &str,
        block: &str,
        on_message: Callback<String>,
        on_error: Callback<String>,
    ) -> Result<Worker, String> {
        let blob_url = match data_block(block) {
            Some(script) => {
                let parts = js_sys::Array::of1(&JsValue::from_str(&script));
                let options = web_sys::BlobPropertyBag::new();
                options.set_type("text/javascript");
                let blob = web_sys::Blob::new_with_str_sequence_and_options(&parts, &options)
                    .map_err(|e| js_error(&e))?;
                Some(web_sys::Url::create_object_url_with_blob(&blob).map_err(|e| js_error(&e))?)
            }
            None => None,
        };
        let worker = web_sys::Worker::new(blob_url.as_deref().unwrap_or(url)).map_err(|e| {
            if let Some(u) = &blob_url {
                let _ = web_sys::Url::revoke_object_url(u);
            }
            js_error(&e)
        })?;
        let message = EventListener::new(&worker, "message", move |event| {
            if let Some(text) = event
                .dyn_ref::<web_sys::MessageEvent>()
                .and_then(|e| e.data().as_string())
            {
                on_message.emit(text);
            }
        });
        let error = EventListener::new(&worker, "error", move |event| {
            // An ErrorEvent for an uncaught error in the worker; a plain Event when its
            // script could not be loaded.
            let why = match event.dyn_ref::<web_sys::ErrorEvent>() {
                Some(e) => e.message(),
                None => "its script could not be loaded".into(),
            };
            on_error.emit(why);
        });
        Ok(Worker {
            worker,
            blob_url,
            _listeners: [message, error],
        })
    }

    /// A Wasm module the page instantiated itself, without wasm-bindgen's glue (the
    /// client-side cryptography module, `src/bin/esdk_module.rs`): its memory and the
    /// exported functions of its byte interface.
    pub struct RawWasm {
        memory: js_sys::WebAssembly::Memory,
        abi: js_sys::Function,
        buffer: js_sys::Function,
        call: js_sys::Function,
    }

    impl RawWasm {
        /// The interface version the module says it speaks.
        pub fn abi(&self) -> Option<u32> {
            Some(self.abi.call0(&JsValue::NULL).ok()?.as_f64()? as u32)
        }

        /// Where the module's buffer is once it is `len` bytes long.
        fn buffer(&self, len: u32) -> Option<u32> {
            let at = self
                .buffer
                .call1(&JsValue::NULL, &JsValue::from(len))
                .ok()?;
            Some(at.as_f64()? as u32)
        }

        /// Writes `input` into the module's buffer, calls operation `op`, returns the bytes
        /// it answered (None when it refused or failed). Synchronous: the engine calls it in
        /// the middle of a run.
        pub fn exchange(&self, op: u32, input: &[u8]) -> Option<Vec<u8>> {
            let len = u32::try_from(input.len()).ok()?;
            let at = self.buffer(len)?;
            // A fresh view each time: the module's memory may have grown (a new buffer).
            js_sys::Uint8Array::new(&self.memory.buffer())
                .subarray(at, at.checked_add(len)?)
                .copy_from(input);
            let answered = self
                .call
                .call2(&JsValue::NULL, &JsValue::from(op), &JsValue::from(len))
                .ok()?
                .as_f64()?;
            if answered < 0.0 {
                return None;
            }
            let len = answered as u32;
            let at = self.buffer(len)?;
            Some(
                js_sys::Uint8Array::new(&self.memory.buffer())
                    .subarray(at, at.checked_add(len)?)
                    .to_vec(),
            )
        }
    }

    /// Loads and instantiates a Wasm module that needs nothing from the page: from the data block
    /// `block` when the page carries it (the single-file build: base64 of its gzip, inflated
    /// with the browser's DecompressionStream, so it works from file://), else from `url`
    /// (relative to the page).
    pub fn load_raw_wasm(url: &str, block: &str, done: Callback<Result<RawWasm, String>>) {
        let carried = data_block(block);
        let url = url.to_string();
        yew::platform::spawn_local(async move {
            done.emit(load_raw(&url, carried).await);
        });
    }

    async fn load_raw(url: &str, carried: Option<String>) -> Result<RawWasm, String> {
        use js_sys::{Function, Reflect, WebAssembly};
        use wasm_bindgen_futures::JsFuture;
        let bytes = match carried {
            Some(base64) => inflate_gzip_base64(base64.trim()).await?,
            None => {
                let response = gloo::net::http::Request::get(url)
                    .send()
                    .await
                    .map_err(|e| format!("{url}: {e}"))?;
                if !response.ok() {
                    return Err(format!("{url}: HTTP {}", response.status()));
                }
                response.binary().await.map_err(|e| format!("{url}: {e}"))?
            }
        };
        let module: WebAssembly::Module = JsFuture::from(WebAssembly::compile(
            &js_sys::Uint8Array::from(bytes.as_slice()),
        ))
        .await
        .map_err(|e| js_error(&e))?
        .dyn_into()
        .map_err(|e| js_error(&e))?;
        // The module needs nothing from the page; wasm-bindgen still adds one import (its
        // externref table's set-up, called only by the glue's start, which is not used):
        // every function it imports is given a function that does nothing.
        let imports = js_sys::Object::new();
        // A Rust closure, not `new Function("")`: the page's CSP forbids evaluating text.
        let nothing = wasm_bindgen::closure::Closure::<dyn Fn()>::new(|| {}).into_js_value();
        for import in WebAssembly::Module::imports(&module).iter() {
            let field = |name: &str| Reflect::get(&import, &JsValue::from_str(name)).ok();
            let (Some(from), Some(name)) = (field("module"), field("name")) else {
                continue;
            };
            if field("kind").and_then(|k| k.as_string()).as_deref() != Some("function") {
                return Err(format!("the module imports a {:?}", field("kind")));
            }
            let namespace = match Reflect::get(&imports, &from) {
                Ok(ns) if ns.is_object() => ns,
                _ => {
                    let ns: JsValue = js_sys::Object::new().into();
                    let _ = Reflect::set(&imports, &from, &ns);
                    ns
                }
            };
            let _ = Reflect::set(&namespace, &name, &nothing);
        }
        let instance: WebAssembly::Instance =
            JsFuture::from(WebAssembly::instantiate_module(&module, &imports))
                .await
                .map_err(|e| js_error(&e))?
                .dyn_into()
                .map_err(|e| js_error(&e))?;
        let exports = instance.exports();
        let export = |name: &str| Reflect::get(&exports, &JsValue::from_str(name)).ok();
        let function = |name: &str| {
            export(name)
                .and_then(|f| f.dyn_into::<Function>().ok())
                .ok_or_else(|| format!("the module exports no {name}"))
        };
        Ok(RawWasm {
            memory: export("memory")
                .and_then(|m| m.dyn_into::<WebAssembly::Memory>().ok())
                .ok_or("the module exports no memory")?,
            abi: function("esdk_abi")?,
            buffer: function("esdk_buffer")?,
            call: function("esdk_call")?,
        })
    }

    /// Base64 of gzip → the bytes, with the browser's own `DecompressionStream` (looked up
    /// at run time: web-sys has it only behind its unstable APIs).
    async fn inflate_gzip_base64(base64: &str) -> Result<Vec<u8>, String> {
        use base64::Engine;
        use js_sys::Reflect;
        let gzip = base64::engine::general_purpose::STANDARD
            .decode(base64)
            .map_err(|e| e.to_string())?;
        let global = js_sys::global();
        let class = Reflect::get(&global, &JsValue::from_str("DecompressionStream"))
            .ok()
            .and_then(|c| c.dyn_into::<js_sys::Function>().ok())
            .ok_or("this browser has no DecompressionStream")?;
        let stream = Reflect::construct(&class, &js_sys::Array::of1(&JsValue::from_str("gzip")))
            .map_err(|e| js_error(&e))?;
        let side =
            |name: &str| Reflect::get(&stream, &JsValue::from_str(name)).map_err(|e| js_error(&e));
        let pair = web_sys::ReadableWritablePair::new(
            side("readable")?.unchecked_ref(),
            side("writable")?.unchecked_ref(),
        );
        let parts = js_sys::Array::of1(&js_sys::Uint8Array::from(gzip.as_slice()));
        let blob = web_sys::Blob::new_with_u8_array_sequence(&parts).map_err(|e| js_error(&e))?;
        let inflated = blob.stream().pipe_through(&pair);
        let response = web_sys::Response::new_with_opt_readable_stream(Some(&inflated))
            .map_err(|e| js_error(&e))?;
        let buffer = response.array_buffer().map_err(|e| js_error(&e))?;
        let buffer = wasm_bindgen_futures::JsFuture::from(buffer)
            .await
            .map_err(|e| js_error(&e))?;
        Ok(js_sys::Uint8Array::new(&buffer).to_vec())
    }

    fn js_error(e: &JsValue) -> String {
        e.dyn_ref::<js_sys::Error>()
            .map(|e| String::from(e.message()))
            .or_else(|| e.as_string())
            .unwrap_or_else(|| format!("{e:?}"))
    }

    /// Reads the first file chosen in an `<input type=file>`.
    pub fn read_file(
        input: &web_sys::HtmlInputElement,
        callback: Callback<Result<String, String>>,
    ) -> Option<Guard> {
        let file = input.files()?.get(0)?;
        let file = gloo::file::File::from(file);
        let reader = gloo::file::callbacks::read_as_text(&file, move |result| {
            callback.emit(result.map_err(|e| e.to_string()));
        });
        Some(Guard(Box::new(reader)))
    }
}

#[cfg(not(target_arch = "wasm32"))]
mod imp {
    //! Inert stand-ins for server rendering and native tests.
    use super::Guard;
    use serde_json::Value;
    use yew::Callback;

    pub fn fragment() -> String {
        String::new()
    }
    pub fn replace_fragment(_fragment: &str) {}
    pub fn push_fragment(_fragment: &str) {}
    pub fn on_popstate(_callback: Callback<String>) -> Option<Guard> {
        None
    }
    pub fn page_url() -> String {
        String::new()
    }
    pub fn storage_get(_key: &str) -> Result<Option<String>, String> {
        Ok(None)
    }
    pub fn storage_set(_key: &str, _value: &str) -> bool {
        false
    }
    pub fn languages() -> Vec<String> {
        vec![]
    }
    pub fn set_document_lang(_code: &str) {}
    #[allow(dead_code)]
    pub fn in_frame() -> bool {
        false
    }
    pub fn post_to_parent(_message: &Value) {}
    pub fn on_parent_message(_callback: Callback<Value>) -> Option<Guard> {
        None
    }
    pub fn on_key(_callback: Callback<String, bool>) -> Option<Guard> {
        None
    }
    pub fn scroll_to_top(_id: &str) {}
    pub fn reveal_in(_el: &web_sys::Element, _selector: &str) {}
    pub fn reveal_id(_id: &str) {}
    pub fn scroll_into_view(_id: &str) {}
    pub fn focus(_id: &str) {}
    pub fn active_element() -> Option<web_sys::HtmlElement> {
        None
    }
    pub fn restore_focus(_el: Option<web_sys::HtmlElement>) {}
    pub fn focus_first_in(_root: &web_sys::Element) {}
    pub fn wrap_tab(_root: &web_sys::Element, _event: &web_sys::KeyboardEvent) {}
    pub fn keep_focus_in(_root: web_sys::Element) -> Option<Guard> {
        None
    }
    pub fn rove(_root: &web_sys::Element, _active: Option<usize>) {}
    pub fn focus_item(_root: &web_sys::Element, _index: usize) -> bool {
        false
    }
    pub fn focused_item(_root: &web_sys::Element) -> Option<usize> {
        None
    }
    pub fn on_media(_query: &str, _callback: Callback<bool>) -> (bool, Option<Guard>) {
        (false, None)
    }
    #[allow(dead_code)]
    pub fn animation_frame(_f: impl FnOnce(f64) + 'static) -> Guard {
        Guard(Box::new(()))
    }
    pub fn now_ms() -> f64 {
        0.0
    }
    pub fn timeout(_ms: u32, _f: impl FnOnce() + 'static) -> Guard {
        Guard(Box::new(()))
    }
    pub fn soon(_f: impl FnOnce() + 'static) -> Guard {
        Guard(Box::new(()))
    }
    pub fn mark(_name: &str) {}
    pub fn memory_bytes() -> f64 {
        0.0
    }
    pub fn data_block(_id: &str) -> Option<String> {
        None
    }
    pub fn dispatch_event(_name: &str, _detail: &Value) {}
    pub fn fetch_texts(_urls: Vec<String>, _done: Callback<Vec<Result<String, String>>>) {}
    pub fn copy_text(_text: &str) -> bool {
        false
    }
    pub fn download(_filename: &str, _text: &str) {}
    pub fn download_as(_filename: &str, _mime: &str, _text: &str) {}
    pub fn read_files(
        _files: web_sys::FileList,
        _done: Callback<Vec<(String, Result<String, String>)>>,
    ) -> Option<Guard> {
        None
    }
    pub fn on_file_drop(_callback: Callback<web_sys::FileList>) -> Option<Guard> {
        None
    }
    pub struct RawWasm;
    impl RawWasm {
        pub fn abi(&self) -> Option<u32> {
            None
        }
        pub fn exchange(&self, _op: u32, _input: &[u8]) -> Option<Vec<u8>> {
            None
        }
    }
    pub fn load_raw_wasm(_url: &str, _block: &str, done: Callback<Result<RawWasm, String>>) {
        done.emit(Err("Wasm modules load only in the browser".into()));
    }
    pub struct Worker;
    impl Worker {
        pub fn post(&self, _text: &str) -> bool {
            false
        }
    }
    pub fn start_worker(
        _url: &str,
        _block: &str,
        _on_message: Callback<String>,
        _on_error: Callback<String>,
    ) -> Result<Worker, String> {
        Err("Web Workers run only in the browser".into())
    }
    pub fn read_file(
        _input: &web_sys::HtmlInputElement,
        _callback: Callback<Result<String, String>>,
    ) -> Option<Guard> {
        None
    }
}

pub use imp::*;

/// A fresh random id: 16 hex digits from getrandom (the seed of a learner's quiz order).
pub fn random_id() -> String {
    let mut bytes = [0u8; 8];
    if getrandom::getrandom(&mut bytes).is_err() {
        bytes = (now_ms().to_bits() ^ random_seed()).to_le_bytes();
    }
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// A fresh random seed (getrandom: the browser's crypto.getRandomValues in Wasm).
pub fn random_seed() -> u64 {
    let mut bytes = [0u8; 8];
    match getrandom::getrandom(&mut bytes) {
        // Keep seeds short enough to read aloud and type.
        Ok(()) => u64::from_le_bytes(bytes) % 1_000_000_000,
        Err(_) => (now_ms() as u64) % 1_000_000_000,
    }
}
