-- Why a school outside the hub's area was added to one of its activities (null for a school in the area):
-- required when it is added on the activity page or through the API, shown where the school is listed.
ALTER TABLE "activity_schools" ADD COLUMN "out_of_area_reason" text;
