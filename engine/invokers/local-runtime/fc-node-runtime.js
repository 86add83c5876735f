/*
 * The Function Compute Node.js runtime contract, reproduced for one local invocation (FC.md §3).
 *
 * Runs in its own child process (started by local-code-invoker.ts with an IPC channel): it
 * receives one `invoke` message, loads the handler's module from the code folder, runs the
 * initializer (if any), sends an `ack` just before it calls the handler (the invocation is
 * delivered: an async invocation counts as submitted from then on), runs the handler, and
 * answers one `done` message. The function's
 * stdout/stderr stay the process's own streams, which the parent reads line by line into the
 * step's log; the result travels only over IPC so console output can never corrupt it.
 *
 * Under a debugger (`invoke` with `debug: true`, a person stepped into the task): before any of the
 * function's code loads it opens an inspector on 127.0.0.1 (a free port), sends its address
 * (`inspector`) and waits until a debugger attached and let it run (the debugger has set its
 * breakpoints by then); just before calling the handler it sets a breakpoint on the handler's
 * call through an in-process inspector session, so the attached debugger stops at the handler's
 * first line without a `debugger` statement in the function's code.
 *
 * Plain JavaScript on purpose: it is started with `node <this file>` both from the source tree
 * (tests) and from dist/ (bundled copy), without a TypeScript loader.
 */
'use strict';
const path = require('node:path');
const fs = require('node:fs');
const util = require('node:util');
const { pathToFileURL } = require('node:url');

/** `{errorMessage, errorType, stackTrace}` as FC returns it; non-Error values only have a message. */
function errorPayload(err) {
  if (err instanceof Error || (err && typeof err === 'object' && typeof err.message === 'string')) {
    const stack = typeof err.stack === 'string' ? err.stack.split('\n') : [];
    return { errorMessage: String(err.message), errorType: String(err.name || 'Error'), stackTrace: stack };
  }
  return { errorMessage: typeof err === 'string' ? err : util.inspect(err) };
}

/** Callback `data` conversion (FC.md §3.2): Buffer as-is, object → JSON, anything else → String. */
function resultBody(data) {
  if (data === undefined || data === null) return '';
  if (Buffer.isBuffer(data)) return data.toString('utf8');
  if (typeof data === 'object') return JSON.stringify(data);
  return String(data);
}

function makeLogger(requestId) {
  const line =
    (level) =>
    (...args) => {
      process.stdout.write(`${new Date().toISOString()} ${requestId} [${level}] ${util.format(...args)}\n`);
    };
  return { debug: line('DEBUG'), info: line('INFO'), warn: line('WARN'), error: line('ERROR'), log: line('INFO') };
}

/** The file `<codeDir>/<module>.{js,cjs,mjs}`, if there is one. */
function moduleFile(codeDir, moduleName) {
  const base = path.resolve(codeDir, moduleName);
  return ['.js', '.cjs', '.mjs'].map((ext) => base + ext).find((f) => fs.existsSync(f));
}

/** Loads `<codeDir>/<module>.{js,cjs,mjs}`; CommonJS first, ES modules through import(). */
async function loadModule(codeDir, moduleName) {
  const file = moduleFile(codeDir, moduleName);
  if (!file) {
    const e = new Error(`Cannot find module '${moduleName}' in ${codeDir}`);
    e.name = 'Error';
    throw e;
  }
  if (file.endsWith('.mjs')) return import(pathToFileURL(file).href);
  try {
    return require(file);
  } catch (e) {
    if (e && (e.code === 'ERR_REQUIRE_ESM' || e.code === 'ERR_REQUIRE_ASYNC_MODULE')) return import(pathToFileURL(file).href);
    throw e;
  }
}

function splitHandler(handler) {
  const dot = handler.lastIndexOf('.');
  if (dot <= 0 || dot === handler.length - 1) return undefined;
  return { moduleName: handler.slice(0, dot), exportName: handler.slice(dot + 1) };
}

function exported(mod, name) {
  if (mod && typeof mod[name] === 'function') return mod[name];
  // A CommonJS module imported as ESM exposes its exports on `default`.
  if (mod && mod.default && typeof mod.default[name] === 'function') return mod.default[name];
  return undefined;
}

/**
 * Calls `fn(...args, callback)` and settles on whichever comes first: the callback or the
 * returned promise (nodejs18+ async handlers). A plain (non-promise) return value of a function
 * that does not declare the callback parameter is taken as the result: FC does not document
 * this case, and treating it like `return` in an async handler is the least surprising choice.
 */
function callHandler(fn, args) {
  return new Promise((resolve) => {
    let settled = false;
    const settle = (r) => {
      if (!settled) {
        settled = true;
        resolve(r);
      }
    };
    const callback = (err, data) => {
      if (err !== null && err !== undefined) settle({ handled: true, error: err });
      else settle({ data });
    };
    let returned;
    try {
      returned = fn(...args, callback);
    } catch (err) {
      settle({ handled: false, error: err });
      return;
    }
    if (returned && typeof returned.then === 'function') {
      returned.then(
        (data) => {
          // An async function that only uses the callback resolves undefined first: wait for it.
          if (data === undefined && fn.length > args.length) return;
          settle({ data });
        },
        (err) => settle({ handled: false, error: err }),
      );
    } else if (fn.length <= args.length) {
      settle({ data: returned });
    }
  });
}

/** The inspector this process opened for a debugger, if any: closed before exiting. */
let inspectorOpen;

/** Exits, first closing the inspector's connections (the attached debugger's session then ends). */
function exit(code) {
  if (inspectorOpen) {
    try {
      inspectorOpen.close();
    } catch {
      /* exiting anyway */
    }
  }
  process.exit(code);
}

/**
 * Opens the inspector and waits for a debugger (see the header). Resolves with what breaks at the
 * handler's call, or undefined when there is no inspector (the function then runs without one).
 */
async function underDebugger(handlerFile) {
  let inspector;
  try {
    inspector = require('node:inspector');
    inspector.open(0, '127.0.0.1', false);
  } catch (err) {
    await new Promise((resolve) => process.send({ type: 'noInspector', reason: String((err && err.message) || err) }, resolve));
    return undefined;
  }
  inspectorOpen = inspector;
  // Sent (written to the channel) before this thread blocks: the parent can only start attaching after.
  await new Promise((resolve) => process.send({ type: 'inspector', url: inspector.url(), handlerFile }, resolve));
  // Blocks until the debugger sends Runtime.runIfWaitingForDebugger, once its breakpoints are set.
  inspector.waitForDebugger();
  process.send({ type: 'attached' });
  return {
    /** The attached debugger stops at `fn`'s first line when it is called: a breakpoint on its call, set by a session of this process. */
    async breakOnCall(fn) {
      const session = new inspector.Session();
      session.connect();
      const post = (method, params) => new Promise((resolve, reject) => session.post(method, params, (e, r) => (e ? reject(e) : resolve(r))));
      const slot = `__fcDebugHandler${process.pid}`;
      try {
        await post('Debugger.enable');
        globalThis[slot] = fn;
        const { result } = await post('Runtime.evaluate', { expression: `globalThis[${JSON.stringify(slot)}]` });
        await post('Debugger.setBreakpointOnFunctionCall', { objectId: result.objectId });
      } catch (err) {
        process.stderr.write(`local: no breakpoint at the handler's first line: ${(err && err.message) || err}\n`);
      } finally {
        delete globalThis[slot];
      }
    },
  };
}

async function invoke(msg) {
  const parts = splitHandler(msg.function.handler);
  // Before any of the function's code loads, so breakpoints in its top level and initializer hold
  // too; and before its log starts, so a process given up for want of a debugger logs no invocation.
  const debug = msg.debug && parts ? await underDebugger(moduleFile(msg.codeDir, parts.moduleName) || msg.codeDir) : undefined;
  const started = Date.now();
  const context = {
    requestId: msg.requestId,
    credentials: msg.credentials,
    function: msg.function,
    service: msg.service,
    region: msg.region,
    accountId: msg.accountId,
    logger: makeLogger(msg.requestId),
  };
  Object.freeze(context);
  process.stdout.write(`FC Invoke Start RequestId: ${msg.requestId}\n`);
  const finish = (m) => {
    process.stdout.write(`FC Invoke End RequestId: ${msg.requestId} (duration: ${Date.now() - started}ms)\n`);
    // The answer goes last, once every line the function wrote has left the process: the parent
    // reads the pipes asynchronously, and exiting earlier would cut the step's log.
    afterOutputFlushed(() => process.send(m, () => exit(0)));
  };

  if (!parts) {
    finish({ type: 'done', errorType: 'UnhandledInvocationError', payload: { errorMessage: `Invalid handler '${msg.function.handler}': expected <file>.<export>` } });
    return;
  }
  let mod;
  try {
    mod = await loadModule(msg.codeDir, parts.moduleName);
  } catch (err) {
    finish({ type: 'done', errorType: msg.function.initializer ? 'InitializationError' : 'UnhandledInvocationError', payload: errorPayload(err) });
    return;
  }
  if (msg.function.initializer) {
    const init = splitHandler(msg.function.initializer);
    const initFn = init && init.moduleName === parts.moduleName ? exported(mod, init.exportName) : undefined;
    let initMod = mod;
    let initializer = initFn;
    if (!initializer && init) {
      try {
        initMod = await loadModule(msg.codeDir, init.moduleName);
        initializer = exported(initMod, init.exportName);
      } catch (err) {
        finish({ type: 'done', errorType: 'InitializationError', payload: errorPayload(err) });
        return;
      }
    }
    if (!initializer) {
      finish({ type: 'done', errorType: 'InitializationError', payload: { errorMessage: `Initializer '${msg.function.initializer}' missing` } });
      return;
    }
    const r = await callHandler(initializer, [context]);
    if (r.error !== undefined) {
      finish({ type: 'done', errorType: 'InitializationError', payload: errorPayload(r.error) });
      return;
    }
  }
  const handler = exported(mod, parts.exportName);
  if (!handler) {
    finish({ type: 'done', errorType: 'UnhandledInvocationError', payload: { errorMessage: `Handler '${parts.exportName}' missing on module '${parts.moduleName}'` } });
    return;
  }
  const event = Buffer.from(msg.event, 'utf8');
  // The invocation is delivered: from here on the function may act (call back with its token,
  // change the world). The engine records an async invocation as submitted only on this ack, so
  // an invocation cut short before it (the engine killed) is invoked again on resume.
  // If the ack cannot be written, the engine is gone (killed while the function was loading): it
  // recorded nothing and invokes again when it resumes, so this copy must not run.
  const acknowledged = process.connected && (await new Promise((resolve) => process.send({ type: 'ack' }, (err) => resolve(!err))));
  if (!acknowledged) exit(1);
  if (debug) await debug.breakOnCall(handler);
  const r = await callHandler(handler, [event, context]);
  if (r.error !== undefined) {
    finish({ type: 'done', errorType: r.handled ? 'HandledInvocationError' : 'UnhandledInvocationError', payload: errorPayload(r.error) });
    return;
  }
  finish({ type: 'done', body: resultBody(r.data) });
}

/**
 * Runs `then` once everything written to stdout and stderr so far has been handed to the pipes.
 * A write's callback runs after the writes queued before it, so an empty write marks the end;
 * process.exit() would otherwise drop what is still queued (pipes are asynchronous).
 */
function afterOutputFlushed(then) {
  let left = 2;
  const one = () => {
    if (--left === 0) then();
  };
  for (const stream of [process.stdout, process.stderr]) {
    if (stream.destroyed || stream.writableEnded) one();
    else stream.write('', one);
  }
}

// Anything escaping the handler's own promise chain is an unhandled invocation error, as in FC.
function fatal(err) {
  if (process.connected) {
    const done = { type: 'done', errorType: 'UnhandledInvocationError', payload: errorPayload(err) };
    afterOutputFlushed(() => process.send(done, () => exit(1)));
  } else {
    exit(1);
  }
}
process.on('uncaughtException', fatal);
process.on('unhandledRejection', fatal);
process.once('message', (msg) => {
  if (msg && msg.type === 'invoke') invoke(msg).catch(fatal);
});
