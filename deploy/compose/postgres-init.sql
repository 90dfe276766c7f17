-- The services' databases (the chart's postgres.databases); compose runs it on first start.
CREATE DATABASE zone;
CREATE DATABASE dynamo;
CREATE DATABASE planner;
