// Loads the whosaid graph into an existing Neo4j 5 database. Copy the CSV files of this
// directory into the database's import directory and run: cypher-shell -f import.cypher
// Set dbms.import.csv.legacy_quote_escaping=false: the CSV escapes quotes by doubling
// them only, and a backslash before a quote is article text.
// Every node also gets the label WhosaidNode, which carries the unique id.
// For a new, empty database neo4j-admin reads the same files faster:
//   neo4j-admin database import full --multiline-fields=true --array-delimiter=$'\x1f' \
//     --nodes=nodes_article.csv --nodes=nodes_claim.csv --nodes=nodes_person.csv \
//     --nodes=nodes_organization.csv --nodes=nodes_outlet.csv --nodes=nodes_anonymous.csv \
//     --relationships=rels_said_by.csv --relationships=rels_reported_by.csv \
//     --relationships=rels_appears_in.csv --relationships=rels_published_by.csv \
//     --relationships=rels_part_of.csv --relationships=rels_affiliated_with.csv neo4j
// No article text is in this file: every value is read from the CSV files.

CREATE CONSTRAINT whosaid_node_id IF NOT EXISTS FOR (n:WhosaidNode) REQUIRE n.id IS UNIQUE;

LOAD CSV WITH HEADERS FROM 'file:///nodes_article.csv' AS row
MERGE (n:WhosaidNode {id: row.`id:ID`})
SET n:Article,
    n.`label` = row.`label`,
    n.`aliases` = split(row.`aliases:string[]`, '\u001F'),
    n.`role` = row.`role`,
    n.`country` = row.`country`,
    n.`outlet_kind` = row.`outlet_kind`,
    n.`state_media` = toBoolean(row.`state_media:boolean`),
    n.`quote` = row.`quote`,
    n.`variants` = split(row.`variants:string[]`, '\u001F'),
    n.`articles` = toInteger(row.`articles:int`),
    n.`outlets` = toInteger(row.`outlets:int`),
    n.`publisher` = row.`publisher`,
    n.`url` = row.`url`,
    n.`title` = row.`title`,
    n.`date` = row.`date`;

LOAD CSV WITH HEADERS FROM 'file:///nodes_claim.csv' AS row
MERGE (n:WhosaidNode {id: row.`id:ID`})
SET n:Claim,
    n.`label` = row.`label`,
    n.`aliases` = split(row.`aliases:string[]`, '\u001F'),
    n.`role` = row.`role`,
    n.`country` = row.`country`,
    n.`outlet_kind` = row.`outlet_kind`,
    n.`state_media` = toBoolean(row.`state_media:boolean`),
    n.`quote` = row.`quote`,
    n.`variants` = split(row.`variants:string[]`, '\u001F'),
    n.`articles` = toInteger(row.`articles:int`),
    n.`outlets` = toInteger(row.`outlets:int`),
    n.`publisher` = row.`publisher`,
    n.`url` = row.`url`,
    n.`title` = row.`title`,
    n.`date` = row.`date`;

LOAD CSV WITH HEADERS FROM 'file:///nodes_person.csv' AS row
MERGE (n:WhosaidNode {id: row.`id:ID`})
SET n:Person,
    n.`label` = row.`label`,
    n.`aliases` = split(row.`aliases:string[]`, '\u001F'),
    n.`role` = row.`role`,
    n.`country` = row.`country`,
    n.`outlet_kind` = row.`outlet_kind`,
    n.`state_media` = toBoolean(row.`state_media:boolean`),
    n.`quote` = row.`quote`,
    n.`variants` = split(row.`variants:string[]`, '\u001F'),
    n.`articles` = toInteger(row.`articles:int`),
    n.`outlets` = toInteger(row.`outlets:int`),
    n.`publisher` = row.`publisher`,
    n.`url` = row.`url`,
    n.`title` = row.`title`,
    n.`date` = row.`date`;

LOAD CSV WITH HEADERS FROM 'file:///nodes_organization.csv' AS row
MERGE (n:WhosaidNode {id: row.`id:ID`})
SET n:Organization,
    n.`label` = row.`label`,
    n.`aliases` = split(row.`aliases:string[]`, '\u001F'),
    n.`role` = row.`role`,
    n.`country` = row.`country`,
    n.`outlet_kind` = row.`outlet_kind`,
    n.`state_media` = toBoolean(row.`state_media:boolean`),
    n.`quote` = row.`quote`,
    n.`variants` = split(row.`variants:string[]`, '\u001F'),
    n.`articles` = toInteger(row.`articles:int`),
    n.`outlets` = toInteger(row.`outlets:int`),
    n.`publisher` = row.`publisher`,
    n.`url` = row.`url`,
    n.`title` = row.`title`,
    n.`date` = row.`date`;

LOAD CSV WITH HEADERS FROM 'file:///nodes_outlet.csv' AS row
MERGE (n:WhosaidNode {id: row.`id:ID`})
SET n:Outlet,
    n.`label` = row.`label`,
    n.`aliases` = split(row.`aliases:string[]`, '\u001F'),
    n.`role` = row.`role`,
    n.`country` = row.`country`,
    n.`outlet_kind` = row.`outlet_kind`,
    n.`state_media` = toBoolean(row.`state_media:boolean`),
    n.`quote` = row.`quote`,
    n.`variants` = split(row.`variants:string[]`, '\u001F'),
    n.`articles` = toInteger(row.`articles:int`),
    n.`outlets` = toInteger(row.`outlets:int`),
    n.`publisher` = row.`publisher`,
    n.`url` = row.`url`,
    n.`title` = row.`title`,
    n.`date` = row.`date`;

LOAD CSV WITH HEADERS FROM 'file:///nodes_anonymous.csv' AS row
MERGE (n:WhosaidNode {id: row.`id:ID`})
SET n:Anonymous,
    n.`label` = row.`label`,
    n.`aliases` = split(row.`aliases:string[]`, '\u001F'),
    n.`role` = row.`role`,
    n.`country` = row.`country`,
    n.`outlet_kind` = row.`outlet_kind`,
    n.`state_media` = toBoolean(row.`state_media:boolean`),
    n.`quote` = row.`quote`,
    n.`variants` = split(row.`variants:string[]`, '\u001F'),
    n.`articles` = toInteger(row.`articles:int`),
    n.`outlets` = toInteger(row.`outlets:int`),
    n.`publisher` = row.`publisher`,
    n.`url` = row.`url`,
    n.`title` = row.`title`,
    n.`date` = row.`date`;

LOAD CSV WITH HEADERS FROM 'file:///rels_said_by.csv' AS row
MATCH (a:WhosaidNode {id: row.`:START_ID`}), (b:WhosaidNode {id: row.`:END_ID`})
MERGE (a)-[r:SAID_BY {key: row.`key`}]->(b)
SET r.`cue` = row.`cue`,
    r.`mention` = row.`mention`,
    r.`order` = toInteger(row.`order:int`),
    r.`role` = row.`role`,
    r.`article` = row.`article`,
    r.`evidence` = row.`evidence`,
    r.`start` = toInteger(row.`start:int`),
    r.`end` = toInteger(row.`end:int`),
    r.`confidence` = toFloat(row.`confidence:double`),
    r.`rule` = row.`rule`;

LOAD CSV WITH HEADERS FROM 'file:///rels_reported_by.csv' AS row
MATCH (a:WhosaidNode {id: row.`:START_ID`}), (b:WhosaidNode {id: row.`:END_ID`})
MERGE (a)-[r:REPORTED_BY {key: row.`key`}]->(b)
SET r.`cue` = row.`cue`,
    r.`mention` = row.`mention`,
    r.`order` = toInteger(row.`order:int`),
    r.`role` = row.`role`,
    r.`article` = row.`article`,
    r.`evidence` = row.`evidence`,
    r.`start` = toInteger(row.`start:int`),
    r.`end` = toInteger(row.`end:int`),
    r.`confidence` = toFloat(row.`confidence:double`),
    r.`rule` = row.`rule`;

LOAD CSV WITH HEADERS FROM 'file:///rels_appears_in.csv' AS row
MATCH (a:WhosaidNode {id: row.`:START_ID`}), (b:WhosaidNode {id: row.`:END_ID`})
MERGE (a)-[r:APPEARS_IN {key: row.`key`}]->(b)
SET r.`cue` = row.`cue`,
    r.`mention` = row.`mention`,
    r.`order` = toInteger(row.`order:int`),
    r.`role` = row.`role`,
    r.`article` = row.`article`,
    r.`evidence` = row.`evidence`,
    r.`start` = toInteger(row.`start:int`),
    r.`end` = toInteger(row.`end:int`),
    r.`confidence` = toFloat(row.`confidence:double`),
    r.`rule` = row.`rule`;

LOAD CSV WITH HEADERS FROM 'file:///rels_published_by.csv' AS row
MATCH (a:WhosaidNode {id: row.`:START_ID`}), (b:WhosaidNode {id: row.`:END_ID`})
MERGE (a)-[r:PUBLISHED_BY {key: row.`key`}]->(b)
SET r.`cue` = row.`cue`,
    r.`mention` = row.`mention`,
    r.`order` = toInteger(row.`order:int`),
    r.`role` = row.`role`,
    r.`article` = row.`article`,
    r.`evidence` = row.`evidence`,
    r.`start` = toInteger(row.`start:int`),
    r.`end` = toInteger(row.`end:int`),
    r.`confidence` = toFloat(row.`confidence:double`),
    r.`rule` = row.`rule`;

LOAD CSV WITH HEADERS FROM 'file:///rels_part_of.csv' AS row
MATCH (a:WhosaidNode {id: row.`:START_ID`}), (b:WhosaidNode {id: row.`:END_ID`})
MERGE (a)-[r:PART_OF {key: row.`key`}]->(b)
SET r.`cue` = row.`cue`,
    r.`mention` = row.`mention`,
    r.`order` = toInteger(row.`order:int`),
    r.`role` = row.`role`,
    r.`article` = row.`article`,
    r.`evidence` = row.`evidence`,
    r.`start` = toInteger(row.`start:int`),
    r.`end` = toInteger(row.`end:int`),
    r.`confidence` = toFloat(row.`confidence:double`),
    r.`rule` = row.`rule`;

LOAD CSV WITH HEADERS FROM 'file:///rels_affiliated_with.csv' AS row
MATCH (a:WhosaidNode {id: row.`:START_ID`}), (b:WhosaidNode {id: row.`:END_ID`})
MERGE (a)-[r:AFFILIATED_WITH {key: row.`key`}]->(b)
SET r.`cue` = row.`cue`,
    r.`mention` = row.`mention`,
    r.`order` = toInteger(row.`order:int`),
    r.`role` = row.`role`,
    r.`article` = row.`article`,
    r.`evidence` = row.`evidence`,
    r.`start` = toInteger(row.`start:int`),
    r.`end` = toInteger(row.`end:int`),
    r.`confidence` = toFloat(row.`confidence:double`),
    r.`rule` = row.`rule`;
