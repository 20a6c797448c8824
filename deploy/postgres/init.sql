-- Run once by the postgres image on an empty volume (compose and the Kubernetes StatefulSet).
-- The services also create their own database at start-up when it is missing; this only makes it earlier.
CREATE DATABASE marketshare_auth;
CREATE DATABASE marketshare_products;
CREATE DATABASE marketshare_orders;
CREATE DATABASE marketshare_emails;
