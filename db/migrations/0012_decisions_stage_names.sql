-- decisions.effect becomes jsonb. Until now it held text written by JSON.stringify: either NULL
-- or {"type":"assign_ownership","stageId","departmentId","personId"}, which named only the new
-- accountable owner. A decision's effect now states the stage's complete resulting RACI, so a
-- legacy effect is rewritten as that: its accountable owner plus the R/C/I rows that were
-- current right after the decision (they open at decided_at, the instant of its transaction).
-- Anything that is not JSON (never written by the app, but a migration must not die on it) is
-- kept verbatim as {"type":"unparsed","text":…}. ALTER … TYPE rewrites the table without
-- firing row triggers, so the immutability trigger on decisions is untouched and unbypassed.
CREATE FUNCTION decisions_effect_0012(raw text, decided timestamptz) RETURNS jsonb
LANGUAGE plpgsql AS $$
DECLARE
  parsed jsonb;
  stage uuid;
BEGIN
  IF raw IS NULL OR btrim(raw) = '' THEN
    RETURN NULL;
  END IF;
  BEGIN
    parsed := raw::jsonb;
  EXCEPTION WHEN others THEN
    RETURN jsonb_build_object('type', 'unparsed', 'text', raw);
  END;
  IF jsonb_typeof(parsed) <> 'object' THEN
    RETURN jsonb_build_object('type', 'unparsed', 'text', raw);
  END IF;
  IF parsed->>'type' IS DISTINCT FROM 'assign_ownership' THEN
    RETURN parsed;
  END IF;
  BEGIN
    stage := (parsed->>'stageId')::uuid;
    RETURN jsonb_build_object(
      'type', 'set_raci',
      'stageId', stage,
      'accountable', jsonb_build_object('departmentId', (parsed->>'departmentId')::uuid, 'personId', (parsed->>'personId')::uuid),
      'responsible', coalesce((SELECT jsonb_agg(oa.department_id ORDER BY oa.department_id) FROM ownership_assignments oa
        WHERE oa.stage_id = stage AND oa.raci = 'responsible' AND oa.valid_from <= decided AND (oa.valid_to IS NULL OR oa.valid_to > decided)), '[]'::jsonb),
      'consulted', coalesce((SELECT jsonb_agg(oa.department_id ORDER BY oa.department_id) FROM ownership_assignments oa
        WHERE oa.stage_id = stage AND oa.raci = 'consulted' AND oa.valid_from <= decided AND (oa.valid_to IS NULL OR oa.valid_to > decided)), '[]'::jsonb),
      'informed', coalesce((SELECT jsonb_agg(oa.department_id ORDER BY oa.department_id) FROM ownership_assignments oa
        WHERE oa.stage_id = stage AND oa.raci = 'informed' AND oa.valid_from <= decided AND (oa.valid_to IS NULL OR oa.valid_to > decided)), '[]'::jsonb),
      'legacy', 'assign_ownership'
    );
  EXCEPTION WHEN others THEN
    -- Ids that are not uuids: keep what was written, the reader shows it as a legacy effect.
    RETURN parsed;
  END;
END;
$$;
--> statement-breakpoint
ALTER TABLE "decisions" ALTER COLUMN "effect" SET DATA TYPE jsonb USING decisions_effect_0012("effect", "decided_at");
--> statement-breakpoint
DROP FUNCTION decisions_effect_0012(text, timestamptz);
--> statement-breakpoint
ALTER TABLE "decisions" ADD CONSTRAINT "decisions_effect_object_ck" CHECK ("decisions"."effect" is null or jsonb_typeof("decisions"."effect") = 'object');
--> statement-breakpoint
-- Two live stages of one journey may not share a name, case-insensitively. Existing duplicates
-- (the first by position keeps its name) get " (2)", " (3)"… — the first suffix no live stage
-- of the journey uses — and each rename is written to the audit log as a "stage.updated" event
-- with the stage's whole snapshot before and after (the shape lib/audit/payloads.ts requires of
-- that event, ownership included), so the history says why.
DO $$
DECLARE
  r record;
  candidate text;
  n int;
  snapshot jsonb;
BEGIN
  FOR r IN
    SELECT d.id, d.journey_id, d.name FROM (
      SELECT s.id, s.journey_id, s.name,
        row_number() OVER (PARTITION BY s.journey_id, lower(s.name) ORDER BY s.position, s.created_at, s.id) AS rn
      FROM stages s WHERE NOT s.archived
    ) d
    WHERE d.rn > 1
    ORDER BY d.journey_id, lower(d.name), d.rn
  LOOP
    n := 2;
    LOOP
      candidate := r.name || ' (' || n || ')';
      EXIT WHEN NOT EXISTS (SELECT 1 FROM stages s WHERE s.journey_id = r.journey_id AND NOT s.archived AND lower(s.name) = lower(candidate));
      n := n + 1;
    END LOOP;
    SELECT jsonb_build_object(
        'journeyId', s.journey_id, 'name', s.name, 'customerGoal', s.customer_goal, 'emotionScore', s.emotion_score,
        'position', s.position, 'archived', s.archived,
        'ownership', coalesce((
          SELECT jsonb_agg(jsonb_build_object('departmentId', oa.department_id, 'raci', oa.raci, 'personId', oa.person_id)
            ORDER BY array_position(ARRAY['accountable', 'responsible', 'consulted', 'informed'], oa.raci::text), oa.department_id::text)
          FROM ownership_assignments oa WHERE oa.stage_id = s.id AND oa.valid_to IS NULL), '[]'::jsonb))
      INTO snapshot FROM stages s WHERE s.id = r.id;
    UPDATE stages SET name = candidate, updated_at = now() WHERE id = r.id;
    INSERT INTO audit_events (actor_id, action, entity_type, entity_id, before, after, reason)
    VALUES (NULL, 'stage.updated', 'stage', r.id::text, snapshot, jsonb_set(snapshot, '{name}', to_jsonb(candidate)),
      'Renamed when stage names became unique within a journey: another live stage of the journey had the same name.');
  END LOOP;
END;
$$;
--> statement-breakpoint
CREATE UNIQUE INDEX "stages_name_live_uq" ON "stages" USING btree ("journey_id",lower("name")) WHERE "stages"."archived" = false;
