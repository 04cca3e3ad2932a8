-- Local days (issue 14, docs/rules.md): a crossing's day is its day at the port, in the port's time
-- zone. The database keeps each port's zone (port_zones, the same table as src/record/ports.ts; a
-- test checks they agree), and a trigger sets every entry's and exit's local_date and time_zone from
-- its port, so capture, ingest and corrections need not remember to. Existing rows are filled here.
-- The category is inferred where the port sent none (src/admission/rules.ts inferCategory), and the
-- stays' retention dates are recomputed from it with the default rules (US: 15 years for citizens and
-- permanent residents, 75 for others; CA: 15), counted from the local day.

CREATE TABLE IF NOT EXISTS port_zones (
  code      text PRIMARY KEY,
  country   text NOT NULL CHECK (country IN ('US', 'CA')),
  time_zone text NOT NULL
);
INSERT INTO port_zones (code, country, time_zone) VALUES
  ('US-ALCAN', 'US', 'America/Anchorage'),
  ('CA-BEAVER-CREEK', 'CA', 'America/Whitehorse'),
  ('US-POKER-CREEK', 'US', 'America/Anchorage'),
  ('CA-LITTLE-GOLD-CREEK', 'CA', 'America/Dawson'),
  ('US-SKAGWAY', 'US', 'America/Juneau'),
  ('CA-FRASER', 'CA', 'America/Vancouver'),
  ('US-DALTON-CACHE', 'US', 'America/Juneau'),
  ('CA-PLEASANT-CAMP', 'CA', 'America/Vancouver'),
  ('US-POINT-ROBERTS', 'US', 'America/Los_Angeles'),
  ('CA-BOUNDARY-BAY', 'CA', 'America/Vancouver'),
  ('US-BLAINE-PH', 'US', 'America/Los_Angeles'),
  ('CA-PACIFIC-HWY', 'CA', 'America/Vancouver'),
  ('US-BLAINE-PA', 'US', 'America/Los_Angeles'),
  ('CA-DOUGLAS', 'CA', 'America/Vancouver'),
  ('US-LYNDEN', 'US', 'America/Los_Angeles'),
  ('CA-ALDERGROVE', 'CA', 'America/Vancouver'),
  ('US-SUMAS', 'US', 'America/Los_Angeles'),
  ('CA-HUNTINGDON', 'CA', 'America/Vancouver'),
  ('US-OROVILLE', 'US', 'America/Los_Angeles'),
  ('CA-OSOYOOS', 'CA', 'America/Vancouver'),
  ('US-NIGHTHAWK', 'US', 'America/Los_Angeles'),
  ('CA-CHOPAKA', 'CA', 'America/Vancouver'),
  ('US-FERRY', 'US', 'America/Los_Angeles'),
  ('CA-MIDWAY', 'CA', 'America/Vancouver'),
  ('US-DANVILLE', 'US', 'America/Los_Angeles'),
  ('CA-CARSON', 'CA', 'America/Vancouver'),
  ('US-LAURIER', 'US', 'America/Los_Angeles'),
  ('CA-CASCADE', 'CA', 'America/Vancouver'),
  ('US-FRONTIER', 'US', 'America/Los_Angeles'),
  ('CA-PATERSON', 'CA', 'America/Vancouver'),
  ('US-BOUNDARY', 'US', 'America/Los_Angeles'),
  ('CA-WANETA', 'CA', 'America/Vancouver'),
  ('US-METALINE-FALLS', 'US', 'America/Los_Angeles'),
  ('CA-NELWAY', 'CA', 'America/Vancouver'),
  ('US-PORTHILL', 'US', 'America/Los_Angeles'),
  ('CA-RYKERTS', 'CA', 'America/Creston'),
  ('US-EASTPORT', 'US', 'America/Los_Angeles'),
  ('CA-KINGSGATE', 'CA', 'America/Vancouver'),
  ('US-ROOSVILLE', 'US', 'America/Denver'),
  ('CA-ROOSVILLE', 'CA', 'America/Edmonton'),
  ('US-CHIEF-MOUNTAIN', 'US', 'America/Denver'),
  ('CA-CHIEF-MOUNTAIN', 'CA', 'America/Edmonton'),
  ('US-PIEGAN', 'US', 'America/Denver'),
  ('CA-CARWAY', 'CA', 'America/Edmonton'),
  ('US-DEL-BONITA', 'US', 'America/Denver'),
  ('CA-DEL-BONITA', 'CA', 'America/Edmonton'),
  ('US-SWEETGRASS', 'US', 'America/Denver'),
  ('CA-COUTTS', 'CA', 'America/Edmonton'),
  ('US-WHITLASH', 'US', 'America/Denver'),
  ('CA-ADEN', 'CA', 'America/Edmonton'),
  ('US-WILD-HORSE', 'US', 'America/Denver'),
  ('CA-WILD-HORSE', 'CA', 'America/Edmonton'),
  ('US-WILLOW-CREEK', 'US', 'America/Denver'),
  ('CA-WILLOW-CREEK', 'CA', 'America/Regina'),
  ('US-TURNER', 'US', 'America/Denver'),
  ('CA-CLIMAX', 'CA', 'America/Regina'),
  ('US-MORGAN', 'US', 'America/Denver'),
  ('CA-MONCHY', 'CA', 'America/Regina'),
  ('US-WHITETAIL', 'US', 'America/Denver'),
  ('CA-BIG-BEAVER', 'CA', 'America/Regina'),
  ('US-OPHEIM', 'US', 'America/Denver'),
  ('CA-WEST-POPLAR-RIVER', 'CA', 'America/Regina'),
  ('US-SCOBEY', 'US', 'America/Denver'),
  ('CA-CORONACH', 'CA', 'America/Regina'),
  ('US-RAYMOND', 'US', 'America/Denver'),
  ('CA-REGWAY', 'CA', 'America/Regina'),
  ('US-FORTUNA', 'US', 'America/Chicago'),
  ('CA-OUNGRE', 'CA', 'America/Regina'),
  ('US-AMBROSE', 'US', 'America/Chicago'),
  ('CA-TORQUAY', 'CA', 'America/Regina'),
  ('US-NOONAN', 'US', 'America/Chicago'),
  ('CA-ESTEVAN-HWY', 'CA', 'America/Regina'),
  ('US-PORTAL', 'US', 'America/Chicago'),
  ('CA-NORTH-PORTAL', 'CA', 'America/Regina'),
  ('US-NORTHGATE', 'US', 'America/Chicago'),
  ('CA-NORTHGATE', 'CA', 'America/Regina'),
  ('US-SHERWOOD', 'US', 'America/Chicago'),
  ('CA-CARIEVALE', 'CA', 'America/Regina'),
  ('US-WESTHOPE', 'US', 'America/Chicago'),
  ('CA-COULTER', 'CA', 'America/Winnipeg'),
  ('US-CARBURY', 'US', 'America/Chicago'),
  ('CA-GOODLANDS', 'CA', 'America/Winnipeg'),
  ('US-DUNSEITH', 'US', 'America/Chicago'),
  ('CA-BOISSEVAIN', 'CA', 'America/Winnipeg'),
  ('US-ST-JOHN', 'US', 'America/Chicago'),
  ('CA-LENA', 'CA', 'America/Winnipeg'),
  ('US-HANSBORO', 'US', 'America/Chicago'),
  ('CA-CARTWRIGHT', 'CA', 'America/Winnipeg'),
  ('US-SARLES', 'US', 'America/Chicago'),
  ('CA-CRYSTAL-CITY', 'CA', 'America/Winnipeg'),
  ('US-HANNAH', 'US', 'America/Chicago'),
  ('CA-SNOWFLAKE', 'CA', 'America/Winnipeg'),
  ('US-MAIDA', 'US', 'America/Chicago'),
  ('CA-WINDYGATES', 'CA', 'America/Winnipeg'),
  ('US-WALHALLA', 'US', 'America/Chicago'),
  ('CA-WINKLER', 'CA', 'America/Winnipeg'),
  ('US-NECHE', 'US', 'America/Chicago'),
  ('CA-GRETNA', 'CA', 'America/Winnipeg'),
  ('US-PEMBINA', 'US', 'America/Chicago'),
  ('CA-EMERSON', 'CA', 'America/Winnipeg'),
  ('US-LANCASTER', 'US', 'America/Chicago'),
  ('CA-TOLSTOI', 'CA', 'America/Winnipeg'),
  ('US-PINECREEK', 'US', 'America/Chicago'),
  ('CA-PINEY', 'CA', 'America/Winnipeg'),
  ('US-ROSEAU', 'US', 'America/Chicago'),
  ('CA-SOUTH-JUNCTION', 'CA', 'America/Winnipeg'),
  ('US-WARROAD', 'US', 'America/Chicago'),
  ('CA-SPRAGUE', 'CA', 'America/Winnipeg'),
  ('US-BAUDETTE', 'US', 'America/Chicago'),
  ('CA-RAINY-RIVER', 'CA', 'America/Winnipeg'),
  ('US-INTL-FALLS', 'US', 'America/Chicago'),
  ('CA-FORT-FRANCES', 'CA', 'America/Winnipeg'),
  ('US-GRAND-PORTAGE', 'US', 'America/Chicago'),
  ('CA-PIGEON-RIVER', 'CA', 'America/Toronto'),
  ('US-SAULT-STE-MARIE', 'US', 'America/Detroit'),
  ('CA-SAULT-STE-MARIE', 'CA', 'America/Toronto'),
  ('US-DETROIT-AMB', 'US', 'America/Detroit'),
  ('CA-WINDSOR-AMB', 'CA', 'America/Toronto'),
  ('US-DETROIT-TUN', 'US', 'America/Detroit'),
  ('CA-WINDSOR-TUN', 'CA', 'America/Toronto'),
  ('US-PORT-HURON', 'US', 'America/Detroit'),
  ('CA-SARNIA', 'CA', 'America/Toronto'),
  ('US-MARINE-CITY', 'US', 'America/Detroit'),
  ('CA-SOMBRA', 'CA', 'America/Toronto'),
  ('US-ALGONAC', 'US', 'America/Detroit'),
  ('CA-WALPOLE-ISLAND', 'CA', 'America/Toronto'),
  ('US-BUFFALO-PEACE', 'US', 'America/New_York'),
  ('CA-FORT-ERIE', 'CA', 'America/Toronto'),
  ('US-NIAGARA-RAINBOW', 'US', 'America/New_York'),
  ('CA-NIAGARA-RAINBOW', 'CA', 'America/Toronto'),
  ('US-NIAGARA-WHIRLPOOL', 'US', 'America/New_York'),
  ('CA-NIAGARA-WHIRLPOOL', 'CA', 'America/Toronto'),
  ('US-LEWISTON', 'US', 'America/New_York'),
  ('CA-QUEENSTON', 'CA', 'America/Toronto'),
  ('US-ALEXANDRIA-BAY', 'US', 'America/New_York'),
  ('CA-LANSDOWNE', 'CA', 'America/Toronto'),
  ('US-CAPE-VINCENT', 'US', 'America/New_York'),
  ('CA-WOLFE-ISLAND', 'CA', 'America/Toronto'),
  ('US-OGDENSBURG', 'US', 'America/New_York'),
  ('CA-PRESCOTT', 'CA', 'America/Toronto'),
  ('US-MASSENA', 'US', 'America/New_York'),
  ('CA-CORNWALL', 'CA', 'America/Toronto'),
  ('US-FORT-COVINGTON', 'US', 'America/New_York'),
  ('CA-DUNDEE', 'CA', 'America/Toronto'),
  ('US-TROUT-RIVER', 'US', 'America/New_York'),
  ('CA-TROUT-RIVER', 'CA', 'America/Toronto'),
  ('US-CHATEAUGAY', 'US', 'America/New_York'),
  ('CA-HERDMAN', 'CA', 'America/Toronto'),
  ('US-CHURUBUSCO', 'US', 'America/New_York'),
  ('CA-FRANKLIN-CENTRE', 'CA', 'America/Toronto'),
  ('US-MOOERS', 'US', 'America/New_York'),
  ('CA-HEMMINGFORD', 'CA', 'America/Toronto'),
  ('US-CHAMPLAIN', 'US', 'America/New_York'),
  ('CA-LACOLLE', 'CA', 'America/Toronto'),
  ('US-OVERTON-CORNERS', 'US', 'America/New_York'),
  ('CA-LACOLLE-221', 'CA', 'America/Toronto'),
  ('US-ROUSES-POINT', 'US', 'America/New_York'),
  ('CA-LACOLLE-223', 'CA', 'America/Toronto'),
  ('US-ALBURG', 'US', 'America/New_York'),
  ('CA-NOYAN', 'CA', 'America/Toronto'),
  ('US-ALBURG-SPRINGS', 'US', 'America/New_York'),
  ('CA-CLARENCEVILLE', 'CA', 'America/Toronto'),
  ('US-HIGHGATE-SPRINGS', 'US', 'America/New_York'),
  ('CA-ST-ARMAND', 'CA', 'America/Toronto'),
  ('US-MORSES-LINE', 'US', 'America/New_York'),
  ('CA-MORSES-LINE', 'CA', 'America/Toronto'),
  ('US-WEST-BERKSHIRE', 'US', 'America/New_York'),
  ('CA-FRELIGHSBURG', 'CA', 'America/Toronto'),
  ('US-RICHFORD', 'US', 'America/New_York'),
  ('CA-ABERCORN', 'CA', 'America/Toronto'),
  ('US-EAST-RICHFORD', 'US', 'America/New_York'),
  ('CA-GLEN-SUTTON', 'CA', 'America/Toronto'),
  ('US-NORTH-TROY', 'US', 'America/New_York'),
  ('CA-HIGHWATER', 'CA', 'America/Toronto'),
  ('US-DERBY-LINE', 'US', 'America/New_York'),
  ('CA-STANSTEAD', 'CA', 'America/Toronto'),
  ('US-DERBY-LINE-RT5', 'US', 'America/New_York'),
  ('CA-STANSTEAD-143', 'CA', 'America/Toronto'),
  ('US-BEEBE-PLAIN', 'US', 'America/New_York'),
  ('CA-BEEBE', 'CA', 'America/Toronto'),
  ('US-NORTON', 'US', 'America/New_York'),
  ('CA-STANHOPE', 'CA', 'America/Toronto'),
  ('US-CANAAN', 'US', 'America/New_York'),
  ('CA-HEREFORD-ROAD', 'CA', 'America/Toronto'),
  ('US-BEECHER-FALLS', 'US', 'America/New_York'),
  ('CA-EAST-HEREFORD', 'CA', 'America/Toronto'),
  ('US-PITTSBURG', 'US', 'America/New_York'),
  ('CA-CHARTIERVILLE', 'CA', 'America/Toronto'),
  ('US-COBURN-GORE', 'US', 'America/New_York'),
  ('CA-WOBURN', 'CA', 'America/Toronto'),
  ('US-JACKMAN', 'US', 'America/New_York'),
  ('CA-ARMSTRONG', 'CA', 'America/Toronto'),
  ('US-ESTCOURT-STATION', 'US', 'America/New_York'),
  ('CA-POHENEGAMOOK', 'CA', 'America/Toronto'),
  ('US-FORT-KENT', 'US', 'America/New_York'),
  ('CA-CLAIR', 'CA', 'America/Moncton'),
  ('US-MADAWASKA', 'US', 'America/New_York'),
  ('CA-EDMUNDSTON', 'CA', 'America/Moncton'),
  ('US-VAN-BUREN', 'US', 'America/New_York'),
  ('CA-ST-LEONARD', 'CA', 'America/Moncton'),
  ('US-HAMLIN', 'US', 'America/New_York'),
  ('CA-GRAND-FALLS', 'CA', 'America/Moncton'),
  ('US-LIMESTONE', 'US', 'America/New_York'),
  ('CA-GILLESPIE-PORTAGE', 'CA', 'America/Moncton'),
  ('US-FORT-FAIRFIELD', 'US', 'America/New_York'),
  ('CA-ANDOVER', 'CA', 'America/Moncton'),
  ('US-BRIDGEWATER', 'US', 'America/New_York'),
  ('CA-CENTREVILLE', 'CA', 'America/Moncton'),
  ('US-HOULTON', 'US', 'America/New_York'),
  ('CA-WOODSTOCK', 'CA', 'America/Moncton'),
  ('US-ORIENT', 'US', 'America/New_York'),
  ('CA-FOSTERVILLE', 'CA', 'America/Moncton'),
  ('US-FOREST-CITY', 'US', 'America/New_York'),
  ('CA-FOREST-CITY', 'CA', 'America/Moncton'),
  ('US-VANCEBORO', 'US', 'America/New_York'),
  ('CA-ST-CROIX', 'CA', 'America/Moncton'),
  ('US-CALAIS', 'US', 'America/New_York'),
  ('CA-ST-STEPHEN', 'CA', 'America/Moncton'),
  ('US-CALAIS-INTL-AVE', 'US', 'America/New_York'),
  ('CA-ST-STEPHEN-3RD-BRIDGE', 'CA', 'America/Moncton'),
  ('US-CALAIS-MILLTOWN', 'US', 'America/New_York'),
  ('CA-MILLTOWN', 'CA', 'America/Moncton'),
  ('US-LUBEC', 'US', 'America/New_York'),
  ('CA-CAMPOBELLO', 'CA', 'America/Moncton')
ON CONFLICT (code) DO UPDATE SET country = EXCLUDED.country, time_zone = EXCLUDED.time_zone;

ALTER TABLE entries ADD COLUMN IF NOT EXISTS local_date date;
ALTER TABLE entries ADD COLUMN IF NOT EXISTS time_zone text;
ALTER TABLE entries ADD COLUMN IF NOT EXISTS category_from text; -- captured | document | citizenship | default
ALTER TABLE entries ADD COLUMN IF NOT EXISTS original_admit_until date; -- local: VWP return (8 CFR 217.3(b))
ALTER TABLE exits ADD COLUMN IF NOT EXISTS local_date date;
ALTER TABLE exits ADD COLUMN IF NOT EXISTS time_zone text;

-- The zone of a port; UTC for a code the table does not hold (never refused here: capture validates).
CREATE OR REPLACE FUNCTION port_time_zone(port text) RETURNS text
  LANGUAGE sql STABLE AS $$ SELECT COALESCE((SELECT time_zone FROM port_zones WHERE code = port), 'UTC') $$;

CREATE OR REPLACE FUNCTION entries_local_day() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW.time_zone := port_time_zone(NEW.port_of_entry);
  NEW.local_date := (NEW.entered_at AT TIME ZONE NEW.time_zone)::date;
  RETURN NEW;
END $$;
DROP TRIGGER IF EXISTS entries_local_day ON entries;
CREATE TRIGGER entries_local_day BEFORE INSERT OR UPDATE OF entered_at, port_of_entry ON entries
  FOR EACH ROW EXECUTE FUNCTION entries_local_day();

CREATE OR REPLACE FUNCTION exits_local_day() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW.time_zone := port_time_zone(NEW.port_of_entry);
  NEW.local_date := (NEW.exited_at AT TIME ZONE NEW.time_zone)::date;
  RETURN NEW;
END $$;
DROP TRIGGER IF EXISTS exits_local_day ON exits;
CREATE TRIGGER exits_local_day BEFORE INSERT OR UPDATE OF exited_at, port_of_entry ON exits
  FOR EACH ROW EXECUTE FUNCTION exits_local_day();

UPDATE entries SET time_zone = port_time_zone(port_of_entry),
                   local_date = (entered_at AT TIME ZONE port_time_zone(port_of_entry))::date
 WHERE local_date IS NULL;
UPDATE exits SET time_zone = port_time_zone(port_of_entry),
                 local_date = (exited_at AT TIME ZONE port_time_zone(port_of_entry))::date
 WHERE local_date IS NULL;
CREATE INDEX IF NOT EXISTS entries_local_date ON entries (local_date);

-- Categories from the document and the law where the port sent none. The node is the country of
-- the entry's port (a node captures at its own ports only).
UPDATE entries SET category_from = 'captured' WHERE category IS NOT NULL AND category_from IS NULL;
UPDATE entries e
   SET category = CASE
         WHEN e.document_type = 'PR' AND e.document_issuer = n.own THEN 'permanent_resident'
         WHEN e.citizenship = n.own THEN 'citizen'
         ELSE 'visitor' END,
       category_from = CASE
         WHEN e.document_type = 'PR' AND e.document_issuer = n.own THEN 'document'
         WHEN e.citizenship = n.own THEN 'citizenship'
         ELSE 'default' END
  FROM (SELECT code, CASE country WHEN 'US' THEN 'USA' ELSE 'CAN' END AS own FROM port_zones) n
 WHERE n.code = e.port_of_entry AND e.category IS NULL;

-- Retention of the stays, recomputed from the inferred category and the local day (default rules).
UPDATE stays s
   SET retain_until = (e.local_date + make_interval(years => CASE
         WHEN p.country = 'US' AND e.category IN ('citizen', 'permanent_resident') THEN 15
         WHEN p.country = 'US' THEN 75
         ELSE 15 END))::date,
       category = e.category
  FROM entries e JOIN port_zones p ON p.code = e.port_of_entry
 WHERE s.entry_id = e.id;
