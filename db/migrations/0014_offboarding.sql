-- Deactivating a person or archiving a department hands what they own on, item by item; an
-- open dispute whose party department is archived can pass to a successor department.
ALTER TYPE "public"."audit_action" ADD VALUE 'dispute.party_replaced';
