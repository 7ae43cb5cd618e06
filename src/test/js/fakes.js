'use strict';
// Test doubles for the browser clients: a WebSocket the test drives, and timers that run only when told.

class FakeSocket {
    constructor(url) {
        this.url = url;
        this.readyState = 0;
        this.sent = [];
        this.closedWith = null;
        FakeSocket.instances.push(this);
    }

    send(text) {
        this.sent.push(JSON.parse(text));
    }

    close(code, reason) {
        this.closedWith = {code, reason};
        this.readyState = 3;
    }

    // ---- what the server does ----
    serverOpens() {
        this.readyState = 1;
        this.onopen && this.onopen({});
    }

    serverSends(message) {
        this.onmessage && this.onmessage({data: JSON.stringify(message)});
    }

    serverCloses(code, reason) {
        this.readyState = 3;
        this.onclose && this.onclose({code, reason: reason || ''});
    }
}
FakeSocket.instances = [];

class FakeTimers {
    constructor(start) {
        this.time = start;
        this.pending = new Map();
        this.nextId = 1;
        this.delays = [];
        this.setTimeout = (fn, ms) => {
            const id = this.nextId++;
            this.pending.set(id, {fn, at: this.time + ms, ms});
            this.delays.push(ms);
            return id;
        };
        this.clearTimeout = (id) => this.pending.delete(id);
        this.now = () => this.time;
    }

    /** Moves time forward, running every timer that falls due on the way, in order. */
    advance(ms) {
        const end = this.time + ms;
        for (;;) {
            const due = [...this.pending.entries()].filter(([, t]) => t.at <= end).sort((a, b) => a[1].at - b[1].at)[0];
            if (!due) {
                break;
            }
            this.pending.delete(due[0]);
            this.time = due[1].at;
            due[1].fn();
        }
        this.time = end;
    }
}

/** Lets pending promise callbacks (an async accessToken, the adapter's queue) run. */
function settle() {
    return new Promise((resolve) => setImmediate(resolve));
}

/** Just enough of a DOM element for the Power BI adapter's overlay: children, attributes, style, click. */
class FakeElement {
    constructor(tag, ownerDocument) {
        this.tagName = tag.toUpperCase();
        this.ownerDocument = ownerDocument || new FakeDocument();
        this.children = [];
        this.attributes = {};
        this.style = {};
        this.listeners = {};
        this.hidden = false;
        this.disabled = false;
        this.textContent = '';
        this.className = '';
    }

    appendChild(child) {
        this.children.push(child);
        return child;
    }

    setAttribute(name, value) {
        this.attributes[name] = String(value);
    }

    addEventListener(name, handler) {
        (this.listeners[name] = this.listeners[name] || []).push(handler);
    }

    click() {
        (this.listeners.click || []).forEach((h) => h({}));
    }

    /** Every descendant, depth first, for a test to look things up by class name. */
    find(className) {
        const all = [];
        const walk = (e) => e.children.forEach((c) => { all.push(c); walk(c); });
        walk(this);
        return all.find((e) => e.className === className) || null;
    }
}

class FakeDocument {
    createElement(tag) {
        return new FakeElement(tag, this);
    }
}

module.exports = {FakeSocket, FakeTimers, FakeElement, FakeDocument, settle};
