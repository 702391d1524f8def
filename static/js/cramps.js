// Cramps: small progressive enhancements. The pages work without this file.
"use strict";
