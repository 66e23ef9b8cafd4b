-- Role assignments by role and hub: the reports' active LLMEs and Mastery Specialists, the hubs' leads
-- and the communities' members each ask for one role (1,520 LLME rows of 36,822 on the demonstration
-- data), and had only the hub's index, which read every participant's row too (14 ms → under 1 ms).
CREATE INDEX "role_assignments_role_hub_idx" ON "role_assignments" USING btree ("role", "hub_id");
