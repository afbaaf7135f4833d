/**
 * The notification policy tree: `/api/v1/provisioning/policies` (§8.5, §8.8, §8.9), one per org,
 * as `api_provisioning.go` and `provisioning/notification_policies.go` (12.x) answer it:
 * - GET 200 the root route with its provenance;
 * - PUT 202 `{"message":"policies updated"}`: structure (400 `routes.invalidFormat`), then
 *   provenance (403, relaxed rule), then every receiver and time interval must exist (400);
 *   durations are stored in Prometheus' form (`60s` → `1m`);
 * - DELETE resets to Grafana's default tree (202, the default tree), restores the default
 *   receiver when it is gone and clears the provenance; refused like a PUT when the header asks
 *   for provenance none on a provisioned tree (§8.9).
 */
import {
  BIND_ERROR,
  canChangeProvenanceRelaxed,
  decodeRoute,
  routeReferenceProblem,
  routeStructureProblem,
} from '../alerting-model.js';
import { exportReply } from '../alerting-export.js';
import { alertingOf, DEFAULT_RECEIVER, defaultRoute, policyTreeDto } from '../alerting-state.js';
import { badRequestData, errutil, json, type Reply } from '../errors.js';
import type { RequestContext, RouteModule } from '../router.js';
import { shortUid } from '../util.js';
import {
  bindBody,
  invalidProvenance,
  PROVISIONING,
  READ,
  requestedProvenance,
  WRITE,
} from './alerting-common.js';

const POLICIES = `${PROVISIONING}/policies`;

export const alertingPolicyRoutes: RouteModule = {
  name: 'alerting-policies',
  register(router) {
    router.get(POLICIES, READ, getPolicyTree);
    router.get(`${POLICIES}/export`, READ, exportPolicyTree);
    router.put(POLICIES, WRITE, putPolicyTree);
    router.delete(POLICIES, WRITE, resetPolicyTree);
  },
};

/** `MakeErrRouteInvalidFormat`. */
function invalidRoute(detail: string): Reply {
  return errutil(
    400,
    'alerting.notifications.routes.invalidFormat',
    `Invalid format of the submitted route: ${detail}. Correct the payload and try again.`,
    { Error: detail },
  );
}

function getPolicyTree(ctx: RequestContext): Reply {
  return json(200, policyTreeDto(alertingOf(ctx.org()).policy));
}

function putPolicyTree(ctx: RequestContext): Reply {
  const bound = bindBody(ctx);
  if (!bound.ok) return bound.reply;
  const route = decodeRoute(bound.value);
  if (route === BIND_ERROR) return badRequestData();
  const store = alertingOf(ctx.org());
  const structure = routeStructureProblem(route);
  if (structure !== undefined) return invalidRoute(structure);
  const provenance = requestedProvenance(ctx);
  if (!canChangeProvenanceRelaxed(store.policy.provenance, provenance)) {
    return invalidProvenance(store.policy.provenance, provenance);
  }
  const references = routeReferenceProblem(route, store.receiverNames(), store.timeIntervalNames());
  if (references !== undefined) return invalidRoute(references);
  store.policy = { route, provenance };
  return json(202, { message: 'policies updated' });
}

function resetPolicyTree(ctx: RequestContext): Reply {
  const store = alertingOf(ctx.org());
  const provenance = requestedProvenance(ctx);
  if (!canChangeProvenanceRelaxed(store.policy.provenance, provenance)) {
    return invalidProvenance(store.policy.provenance, provenance);
  }
  store.policy = { route: defaultRoute(), provenance: '' };
  if (store.integrationsOf(DEFAULT_RECEIVER).length === 0) {
    // ensureDefaultReceiverExists: the default configuration's receiver comes back.
    store.integrations.push({
      uid: shortUid(),
      name: DEFAULT_RECEIVER,
      type: 'email',
      settings: { addresses: '<example@email.com>' },
      secureSettings: {},
      disableResolveMessage: false,
      provenance: '',
    });
  }
  return json(202, defaultRoute());
}

function exportPolicyTree(ctx: RequestContext): Reply {
  const org = ctx.org();
  return exportReply(ctx, { policies: [{ orgId: org.id, route: alertingOf(org).policy.route }] });
}
