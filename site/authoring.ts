/**
 * What a lesson's exercise checks and lab scenarios import, all from one module
 * (`import { defineChecks, expect, LabServer } from '#authoring'`), so lessons never reach
 * into the site's or the library's folders by relative paths.
 */
export * from '../lib/index.ts';
export * from '../lib/lab/index.ts';
export { createLessonServer, echoHandler, createChatHandler } from '../lib/lab/handlers/index.ts';
export { defineChecks, expect, type Check, type CheckContext } from './runner/checks.ts';
export { ExerciseLab, LabAssertionError, TestClient, labTime, type ClientClose, type ClientEvent, type ClientOptions, type MountOptions } from './runner/lab.ts';
export { defineScenario, type ClientContext, type FaultSettings, type Scenario, type ScenarioParam, type ServerContext } from './components/lab-run/scenario.ts';
