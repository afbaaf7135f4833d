-- Argo CD health of a grafana.provisioning.dev object, from its Ready condition.
--   Progressing: the operator has not reported on this generation of the object yet
--   Suspended:   spec.suspend is true (Ready reason Suspended)
--   Healthy:     Ready=True for the current generation
--   Degraded:    Ready=False, with the operator's reason and message
local hs = { status = "Progressing", message = "Waiting for the operator to reconcile this generation" }
if obj.status == nil or obj.status.conditions == nil then
  return hs
end
local ready = nil
for _, condition in ipairs(obj.status.conditions) do
  if condition.type == "Ready" then
    ready = condition
  end
end
if ready == nil then
  return hs
end
local generation = obj.metadata.generation
local observed = ready.observedGeneration
if observed == nil then
  observed = obj.status.observedGeneration
end
if generation ~= nil and (observed == nil or observed < generation) then
  return hs
end
local message = ready.message or ""
if ready.reason == "Suspended" then
  hs.status = "Suspended"
  hs.message = message
elseif ready.status == "True" then
  hs.status = "Healthy"
  hs.message = message
elseif ready.status == "False" then
  hs.status = "Degraded"
  hs.message = (ready.reason or "NotReady") .. ": " .. message
else
  hs.message = message
end
return hs
