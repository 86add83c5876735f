/**
 * The walkthrough reads in one language at a time. VS Code resolves a step's `media.markdown`
 * (`media/walkthrough/run-flow.md`) for the display language by looking for
 * `run-flow.nls.<locale>.md`, then `run-flow.nls.<language>.md`, then the file itself (the
 * Getting Started markdown loader, VS Code ≥ 1.57; microsoft/vscode#123538). So every page is an
 * English `<page>.md` and a Simplified Chinese `<page>.nls.zh-cn.md`, each in its language only.
 */
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';

const ROOT = join(__dirname, '..', '..');
const manifest = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
  contributes: { walkthroughs: { id: string; steps: { id: string; title: string; description: string; media: { markdown?: string } }[] }[] };
};
const en = JSON.parse(readFileSync(join(ROOT, 'package.nls.json'), 'utf8')) as Record<string, string>;
const zh = JSON.parse(readFileSync(join(ROOT, 'package.nls.zh-cn.json'), 'utf8')) as Record<string, string>;
const steps = manifest.contributes.walkthroughs.flatMap((w) => w.steps);
const HAN = /[\u4e00-\u9fff]/;

/** Prose only: code spans, code blocks and link targets are the same in both languages. */
function prose(markdown: string): string {
  return markdown
    .replace(/```[\s\S]*?```/g, '')
    .replace(/`[^`]*`/g, '')
    .replace(/\]\([^)]*\)/g, ']');
}

/** A bold UI name left in English in the Chinese page is the saved input's own name, not prose. */
const NAMES_KEPT_IN_ENGLISH = ['above the automatic limit', 'Flow Studio'];

test('every walkthrough step has markdown media in English and in Simplified Chinese', () => {
  assert.ok(steps.length >= 5);
  for (const step of steps) {
    const page = step.media.markdown;
    assert.ok(page !== undefined && page.endsWith('.md'), `${step.id} has markdown media`);
    const english = join(ROOT, page);
    const chinese = join(ROOT, page.replace(/\.md$/, '.nls.zh-cn.md'));
    assert.ok(existsSync(english), `${page} exists`);
    assert.ok(existsSync(chinese), `${page.replace(/\.md$/, '.nls.zh-cn.md')} exists for the zh-cn display language`);
  }
});

test('the English pages hold no Chinese and the Chinese pages no English prose', () => {
  for (const step of steps) {
    const page = step.media.markdown!;
    const english = readFileSync(join(ROOT, page), 'utf8');
    const chinese = readFileSync(join(ROOT, page.replace(/\.md$/, '.nls.zh-cn.md')), 'utf8');
    assert.doesNotMatch(english, HAN, `${page} is English only`);
    let chineseProse = prose(chinese);
    for (const name of NAMES_KEPT_IN_ENGLISH) chineseProse = chineseProse.split(name).join('');
    assert.match(chineseProse, HAN, `${page} (zh-cn) is in Chinese`);
    // Chinese prose keeps product and protocol names (ReportTaskSucceeded, SDK, JSON…) but no English sentences.
    const englishRuns = chineseProse.match(/[A-Za-z][A-Za-z ,']{24,}/g) ?? [];
    assert.deepEqual(englishRuns, [], `${page} (zh-cn) has English sentences`);
    // Both say the same thing about the same files and steps.
    const codeSpans = (s: string) => [...s.matchAll(/`([^`]+)`/g)].map((m) => m[1]).sort();
    assert.deepEqual(codeSpans(chinese), codeSpans(english), `${page}: the same code names in both languages`);
  }
});

test('every step title and description is localised, and the Chinese ones are Chinese', () => {
  for (const step of steps) {
    for (const field of [step.title, step.description]) {
      const key = /^%(.+)%$/.exec(field)?.[1];
      assert.ok(key, `${step.id}: ${field} is a %key%`);
      assert.ok(en[key] && !HAN.test(en[key]), `${key} in English`);
      assert.ok(zh[key] && HAN.test(zh[key]), `${key} in Chinese`);
      // The same command links (buttons) in both.
      const links = (s: string) => [...s.matchAll(/\]\((command:[^)]*)\)/g)].map((m) => m[1]);
      assert.deepEqual(links(zh[key]), links(en[key]), `${key}: the same buttons`);
    }
  }
});
