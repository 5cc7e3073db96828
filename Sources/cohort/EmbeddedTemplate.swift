// Generated from workspace-template/ by `COHORT_UPDATE_GOLDEN=1 swift test --filter StandaloneBinaryTests`; do not edit.

/// The template's files other than its inbox/ sample data (which `CohortSampleData` generates), built into
/// the binary so that `cohort init` needs no template on disk.
enum EmbeddedTemplate {
    static let files: [(path: String, contents: String)] = [
        (
            ".vscode/schemas/cohort.schema.json",
            #"""
{
  "$schema": "https://json-schema.org/draft/2020-12/schema",
  "additionalProperties": false,
  "description": "Workspace settings: cohort.json at the top of the workspace.",
  "properties": {
    "$schema": {
      "description": "The JSON Schema this file follows, for editors; cohort accepts and ignores it.",
      "type": "string"
    },
    "defaultCountry": {
      "description": "ISO 3166 alpha-2 code of the country whose numbering plan reads phone numbers written without a + (the United Kingdom is GB).",
      "enum": [
        "AE",
        "AT",
        "AU",
        "BE",
        "BG",
        "BR",
        "CA",
        "CH",
        "CL",
        "CN",
        "CO",
        "CZ",
        "DE",
        "DK",
        "EE",
        "EG",
        "ES",
        "FI",
        "FR",
        "GB",
        "GR",
        "HK",
        "HR",
        "HU",
        "ID",
        "IE",
        "IL",
        "IN",
        "IS",
        "IT",
        "JP",
        "KE",
        "KR",
        "LU",
        "LV",
        "MX",
        "MY",
        "NG",
        "NL",
        "NO",
        "NZ",
        "PE",
        "PH",
        "PK",
        "PL",
        "PR",
        "PT",
        "RO",
        "RU",
        "SA",
        "SE",
        "SG",
        "SI",
        "SK",
        "TH",
        "TR",
        "TW",
        "UA",
        "US",
        "VN",
        "ZA"
      ],
      "type": "string"
    },
    "defaultMergePolicy": {
      "description": "The id of the merge policy segments use when they name none.",
      "type": "string"
    },
    "description": {
      "description": "Free text for people; cohort does not read it.",
      "type": "string"
    },
    "limits": {
      "additionalProperties": false,
      "description": "Identity limits that keep one identity graph from swallowing unrelated people.",
      "properties": {
        "identitiesPerGraph": {
          "description": "The most identities one profile's graph may hold (AEP: 50); links beyond it are dropped.",
          "minimum": 1,
          "type": "integer"
        },
        "identitiesPerRecord": {
          "description": "The most identities one record may contribute (AEP: 20).",
          "minimum": 1,
          "type": "integer"
        }
      },
      "type": "object"
    },
    "name": {
      "description": "The workspace's name; defaults to the settings file's name.",
      "type": "string"
    },
    "strict": {
      "description": "Strict mode: unknown keys and attributes in definitions are errors instead of warnings (as `--strict` on validate, build, plan and watch); default false.",
      "type": "boolean"
    },
    "timezone": {
      "description": "The IANA time zone in which PQL's calendar functions (today, this month…) count days; default \"UTC\".",
      "examples": [
        "UTC",
        "Europe/Berlin",
        "America/Los_Angeles"
      ],
      "type": "string"
    }
  },
  "title": "cohort.json",
  "type": "object"
}

"""#
        ),
        (
            ".vscode/schemas/datasets.schema.json",
            #"""
{
  "$schema": "https://json-schema.org/draft/2020-12/schema",
  "additionalProperties": false,
  "description": "A dataset: binds a schema to the folder inbox/<dataset-id>/.",
  "patternProperties": {
    "^(_links|_page|imsOrg|imsOrgId|sandbox|sandboxId|sandboxName|created|createdBy|createdClient|createdUser|creationTime|createTime|createEpoch|updated|updatedBy|updatedClient|updatedUser|updateTime|updateEpoch|version)$": {
      "description": "Added by Adobe Experience Platform's API responses; cohort passes it over."
    }
  },
  "properties": {
    "$schema": {
      "description": "The JSON Schema this file follows, for editors; cohort accepts and ignores it.",
      "type": "string"
    },
    "csv": {
      "additionalProperties": false,
      "description": "How this dataset's CSV files are written; every key is optional.",
      "if": {
        "properties": {
          "header": {
            "const": false
          }
        },
        "required": [
          "header"
        ]
      },
      "properties": {
        "columns": {
          "description": "The file's columns in order, when `header` is false.",
          "items": {
            "type": "string"
          },
          "type": "array"
        },
        "delimiter": {
          "description": "The one character between fields; default \",\".",
          "maxLength": 1,
          "minLength": 1,
          "pattern": "^[\\u0000-\\u0009\\u000B\\u000C\\u000E-\\u007F]$",
          "type": "string"
        },
        "encoding": {
          "description": "The files' text encoding; default utf-8.",
          "enum": [
            "utf-8",
            "latin1",
            "windows-1252",
            "utf-16"
          ],
          "type": "string"
        },
        "header": {
          "description": "Whether the first line names the columns; default true. When false, give `columns`.",
          "type": "boolean"
        },
        "quote": {
          "description": "The one character that quotes a field; default \"\\\"\".",
          "maxLength": 1,
          "minLength": 1,
          "pattern": "^[\\u0000-\\u0009\\u000B\\u000C\\u000E-\\u007F]$",
          "type": "string"
        }
      },
      "then": {
        "required": [
          "columns"
        ]
      },
      "type": "object"
    },
    "description": {
      "description": "Free text for people; cohort does not read it.",
      "type": "string"
    },
    "errorThreshold": {
      "description": "The percent of a file's records that may be rejected before the whole file fails, as in AEP's partial batch ingestion; default 5.",
      "maximum": 100,
      "minimum": 0,
      "type": "number"
    },
    "format": {
      "description": "How files in inbox/<dataset-id>/ are read; auto goes by each file's extension. Default auto.",
      "enum": [
        "auto",
        "csv",
        "json",
        "ndjson",
        "xml"
      ],
      "type": "string"
    },
    "id": {
      "description": "The dataset's id; without it, the file name is the id (an id starts with a letter or digit and has at most 128 letters, digits, '.', '_' or '-').",
      "pattern": "^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$",
      "type": "string"
    },
    "labels": {
      "description": "Data-usage labels (C2, I1, S1…) on every field of the dataset.",
      "items": {
        "type": "string"
      },
      "type": "array"
    },
    "mapping": {
      "additionalProperties": {
        "description": "The dotted schema path the source field fills.",
        "type": "string"
      },
      "description": "CSV headers (or other source field names) mapped to schema paths.",
      "type": "object"
    },
    "name": {
      "description": "A display name; defaults to the id.",
      "type": "string"
    },
    "profile": {
      "description": "Whether its records feed unified profiles (AEP's \"enabled for Profile\"); default true.",
      "type": "boolean"
    },
    "schema": {
      "description": "The id of the schema its records follow.",
      "type": "string"
    },
    "timestampField": {
      "description": "The dotted path of the field holding each record's time, which decides which fragment is newest; without it, the time the file was ingested.",
      "examples": [
        "timestamp",
        "extSourceSystemAudit.lastUpdatedDate"
      ],
      "type": "string"
    }
  },
  "required": [
    "schema"
  ],
  "title": "cohort dataset",
  "type": "object"
}

"""#
        ),
        (
            ".vscode/schemas/destinations.schema.json",
            #"""
{
  "$schema": "https://json-schema.org/draft/2020-12/schema",
  "additionalProperties": false,
  "description": "A destination: which segments are activated where, and how.",
  "patternProperties": {
    "^(_links|_page|imsOrg|imsOrgId|sandbox|sandboxId|sandboxName|created|createdBy|createdClient|createdUser|creationTime|createTime|createEpoch|updated|updatedBy|updatedClient|updatedUser|updateTime|updateEpoch|version)$": {
      "description": "Added by Adobe Experience Platform's API responses; cohort passes it over."
    }
  },
  "properties": {
    "$schema": {
      "description": "The JSON Schema this file follows, for editors; cohort accepts and ignores it.",
      "type": "string"
    },
    "consent": {
      "additionalProperties": false,
      "description": "Export only profiles whose consent allows it.",
      "properties": {
        "allow": {
          "description": "The consent values that may be exported, e.g. [\"y\"].",
          "items": {
            "type": "string"
          },
          "minItems": 1,
          "type": "array"
        },
        "path": {
          "description": "The profile path holding the consent value.",
          "type": "string"
        }
      },
      "required": [
        "path",
        "allow"
      ],
      "type": "object"
    },
    "csv": {
      "additionalProperties": false,
      "description": "How CSV exports are written.",
      "properties": {
        "delimiter": {
          "description": "The one character between fields; default \",\".",
          "maxLength": 1,
          "minLength": 1,
          "pattern": "^[\\u0000-\\u0009\\u000B\\u000C\\u000E-\\u007F]$",
          "type": "string"
        },
        "header": {
          "description": "Whether the first line names the columns; default true.",
          "type": "boolean"
        },
        "null": {
          "description": "What a missing value is written as; default empty.",
          "type": "string"
        },
        "quote": {
          "description": "The one character that quotes a field; default \"\\\"\".",
          "maxLength": 1,
          "minLength": 1,
          "pattern": "^[\\u0000-\\u0009\\u000B\\u000C\\u000E-\\u007F]$",
          "type": "string"
        }
      },
      "type": "object"
    },
    "dedupKey": {
      "description": "Namespaces or paths whose values make a row unique.",
      "items": {
        "type": "string"
      },
      "type": "array"
    },
    "description": {
      "description": "Free text for people; cohort does not read it.",
      "type": "string"
    },
    "fileName": {
      "description": "The name of the files written, with the placeholders {destination}, {segment}, {build}.",
      "examples": [
        "{destination}_{segment}.csv",
        "{destination}_{segment}_{build}.csv"
      ],
      "type": "string"
    },
    "format": {
      "description": "The export format; a stream writes ndjson. Default csv for files.",
      "enum": [
        "csv",
        "json",
        "ndjson"
      ],
      "type": "string"
    },
    "id": {
      "description": "The destination's id; without it, the file name is the id (an id starts with a letter or digit and has at most 128 letters, digits, '.', '_' or '-').",
      "pattern": "^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$",
      "type": "string"
    },
    "identity": {
      "additionalProperties": false,
      "description": "The identity whose values key each row.",
      "properties": {
        "hash": {
          "description": "How the identity is written; sha256 hashes it. Default none.",
          "enum": [
            "none",
            "sha256"
          ],
          "type": "string"
        },
        "namespace": {
          "description": "The namespace code whose values key each row, e.g. \"Email\".",
          "type": "string"
        }
      },
      "required": [
        "namespace"
      ],
      "type": "object"
    },
    "mandatory": {
      "description": "Profile paths a member must have to be exported.",
      "items": {
        "type": "string"
      },
      "type": "array"
    },
    "mappings": {
      "description": "The profile paths exported, in column order.",
      "items": {
        "additionalProperties": false,
        "description": "One exported column or field.",
        "properties": {
          "source": {
            "description": "The profile path to export, e.g. \"person.name.firstName\" or \"segmentMembership.status\".",
            "type": "string"
          },
          "target": {
            "description": "The column or field name to write.",
            "type": "string"
          }
        },
        "required": [
          "source",
          "target"
        ],
        "type": "object"
      },
      "type": "array"
    },
    "marketingAction": {
      "description": "The marketing action the export performs, which data-usage policies check.",
      "examples": [
        "exportToThirdParty",
        "emailTargeting"
      ],
      "type": "string"
    },
    "mode": {
      "description": "full rewrites each audience's file; incremental writes the rows that entered, left or changed. Default full.",
      "enum": [
        "full",
        "incremental"
      ],
      "type": "string"
    },
    "name": {
      "description": "A display name; defaults to the id.",
      "type": "string"
    },
    "prefixLength": {
      "description": "Lookup destinations: how many hex digits of the SHA-256 of a key name its shard (1 to 4: 16 to 65,536 shards). Default 2.",
      "minimum": 1,
      "type": "integer"
    },
    "preset": {
      "description": "A platform's customer-file format: it sets the format, columns, normalization, hashing and file names; mapping targets are its column names.",
      "enum": [
        "meta-custom-audiences",
        "google-customer-match",
        "linkedin-matched-audiences",
        "tiktok-customer-file",
        "adobe-target-customer-attributes",
        "braze-user-import",
        "airship-named-user-list"
      ],
      "type": "string"
    },
    "removeFileName": {
      "description": "Incremental files: the name of the files of rows that left (with {destination}, {segment}, {build}); with it no status column is needed.",
      "examples": [
        "{destination}_{segment}_{build}_remove.csv"
      ],
      "type": "string"
    },
    "segments": {
      "description": "The ids of the segments this destination activates.",
      "items": {
        "type": "string"
      },
      "minItems": 1,
      "type": "array"
    },
    "type": {
      "description": "file writes files under exports/<id>/; stream writes the payloads an HTTP destination would receive; lookup writes identity → segments and attributes in JSON shards a web page fetches one at a time. Default file.",
      "enum": [
        "file",
        "stream",
        "lookup"
      ],
      "type": "string"
    }
  },
  "required": [
    "segments"
  ],
  "title": "cohort destination",
  "type": "object"
}

"""#
        ),
        (
            ".vscode/schemas/merge-policies.schema.json",
            #"""
{
  "$schema": "https://json-schema.org/draft/2020-12/schema",
  "additionalProperties": false,
  "description": "A merge policy: how fragments merge into a profile.",
  "patternProperties": {
    "^(_links|_page|imsOrg|imsOrgId|sandbox|sandboxId|sandboxName|created|createdBy|createdClient|createdUser|creationTime|createTime|createEpoch|updated|updatedBy|updatedClient|updatedUser|updateTime|updateEpoch|version)$": {
      "description": "Added by Adobe Experience Platform's API responses; cohort passes it over."
    }
  },
  "properties": {
    "$schema": {
      "description": "The JSON Schema this file follows, for editors; cohort accepts and ignores it.",
      "type": "string"
    },
    "activeOnEdge": {
      "description": "AEP's edge flag; cohort passes it over."
    },
    "attributeMerge": {
      "additionalProperties": false,
      "description": "Which fragment's attribute wins.",
      "properties": {
        "data": {
          "additionalProperties": false,
          "description": "AEP's older place for the precedence: {\"order\": […]}.",
          "properties": {
            "order": {
              "description": "Dataset ids, highest precedence first (with \"dataSetPrecedence\").",
              "items": {
                "type": "string"
              },
              "type": "array"
            }
          },
          "type": "object"
        },
        "order": {
          "description": "Dataset ids, highest precedence first (with \"dataSetPrecedence\").",
          "items": {
            "type": "string"
          },
          "type": "array"
        },
        "type": {
          "description": "timestampOrdered: the newest fragment wins; dataSetPrecedence: the first dataset in `order` that has the attribute wins.",
          "enum": [
            "timestampOrdered",
            "dataSetPrecedence"
          ],
          "type": "string"
        }
      },
      "required": [
        "type"
      ],
      "type": "object"
    },
    "default": {
      "description": "Whether this is the policy segments use when they name none.",
      "type": "boolean"
    },
    "description": {
      "description": "Free text for people; cohort does not read it.",
      "type": "string"
    },
    "id": {
      "description": "The merge policy's id; without it, the file name is the id (an id starts with a letter or digit and has at most 128 letters, digits, '.', '_' or '-').",
      "pattern": "^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$",
      "type": "string"
    },
    "identityGraph": {
      "additionalProperties": false,
      "description": "How identities stitch.",
      "properties": {
        "type": {
          "description": "pdg stitches records through the identity graph; none makes one profile per primary identity. Default pdg.",
          "enum": [
            "none",
            "pdg"
          ],
          "type": "string"
        }
      },
      "type": "object"
    },
    "isActiveOnEdge": {
      "description": "AEP's edge flag; cohort passes it over."
    },
    "name": {
      "description": "A display name; defaults to the id.",
      "type": "string"
    },
    "schema": {
      "description": "AEP's schema class of the policy; cohort passes it over."
    }
  },
  "title": "cohort merge policy",
  "type": "object"
}

"""#
        ),
        (
            ".vscode/schemas/namespaces.schema.json",
            #"""
{
  "$schema": "https://json-schema.org/draft/2020-12/schema",
  "additionalProperties": false,
  "anyOf": [
    {
      "required": [
        "type"
      ]
    },
    {
      "required": [
        "idType"
      ]
    }
  ],
  "description": "An identity namespace: what kind of identity its values are and how they link.",
  "patternProperties": {
    "^(_links|_page|imsOrg|imsOrgId|sandbox|sandboxId|sandboxName|created|createdBy|createdClient|createdUser|creationTime|createTime|createEpoch|updated|updatedBy|updatedClient|updatedUser|updateTime|updateEpoch|version)$": {
      "description": "Added by Adobe Experience Platform's API responses; cohort passes it over."
    }
  },
  "properties": {
    "$schema": {
      "description": "The JSON Schema this file follows, for editors; cohort accepts and ignores it.",
      "type": "string"
    },
    "blocked": {
      "description": "Regular expressions of junk values that never become identities, e.g. \"^test@test\\\\.com$\".",
      "items": {
        "type": "string"
      },
      "type": "array"
    },
    "code": {
      "description": "The namespace's code, which records and destinations name; without it, `id`, then the file name (an id starts with a letter or digit and has at most 128 letters, digits, '.', '_' or '-').",
      "pattern": "^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$",
      "type": "string"
    },
    "custom": {
      "description": "The Identity Service's custom flag; cohort passes it over."
    },
    "description": {
      "description": "Free text for people; cohort does not read it.",
      "type": "string"
    },
    "id": {
      "description": "The namespace's code when `code` is missing; the Identity Service's numeric id is passed over.",
      "type": "string"
    },
    "idType": {
      "description": "The Identity Service's identity type, in any case (\"COOKIE\", \"Cross_device\"…); read when `type` is missing. One of COOKIE, DEVICE, CROSS_DEVICE, EMAIL, PHONE, NON_PEOPLE, PARTNER.",
      "type": "string"
    },
    "limit": {
      "description": "The most values of this namespace one profile may hold; the newest win.",
      "minimum": 1,
      "type": "integer"
    },
    "name": {
      "description": "A display name; defaults to the code.",
      "type": "string"
    },
    "namespaceType": {
      "description": "The Identity Service's namespace type; cohort passes it over."
    },
    "normalize": {
      "description": "How values are normalized before they are compared: email lowercases and trims, phone writes E.164; defaults by type.",
      "enum": [
        "none",
        "email",
        "phone"
      ],
      "type": "string"
    },
    "priority": {
      "description": "Lower wins when choosing a profile's primary identity; defaults by type.",
      "type": "integer"
    },
    "status": {
      "description": "The Identity Service's status; cohort passes it over."
    },
    "type": {
      "description": "The identity type: it sets the default priority and normalization; people identities (cross_device, email, phone) stitch profiles.",
      "enum": [
        "cookie",
        "device",
        "cross_device",
        "email",
        "phone",
        "non_people",
        "partner"
      ],
      "type": "string"
    },
    "unique": {
      "description": "At most one value of this namespace per profile (a limit of 1); a second value's links are dropped.",
      "type": "boolean"
    }
  },
  "title": "cohort namespace",
  "type": "object"
}

"""#
        ),
        (
            ".vscode/schemas/policies.schema.json",
            ##"""
{
  "$defs": {
    "condition": {
      "additionalProperties": false,
      "description": "A label, or labels combined with AND / OR.",
      "oneOf": [
        {
          "required": [
            "label"
          ]
        },
        {
          "required": [
            "operator",
            "operands"
          ]
        }
      ],
      "properties": {
        "label": {
          "description": "A data-usage label, e.g. \"C2\" or \"I1\".",
          "type": "string"
        },
        "operands": {
          "description": "The conditions combined.",
          "items": {
            "$ref": "#/$defs/condition"
          },
          "minItems": 1,
          "type": "array"
        },
        "operator": {
          "description": "How `operands` combine.",
          "enum": [
            "AND",
            "OR"
          ],
          "type": "string"
        }
      },
      "type": "object"
    }
  },
  "$schema": "https://json-schema.org/draft/2020-12/schema",
  "additionalProperties": false,
  "anyOf": [
    {
      "required": [
        "marketingAction"
      ]
    },
    {
      "required": [
        "marketingActionRefs"
      ]
    }
  ],
  "description": "A data-usage policy: a marketing action denied when certain labels are present.",
  "patternProperties": {
    "^(_links|_page|imsOrg|imsOrgId|sandbox|sandboxId|sandboxName|created|createdBy|createdClient|createdUser|creationTime|createTime|createEpoch|updated|updatedBy|updatedClient|updatedUser|updateTime|updateEpoch|version)$": {
      "description": "Added by Adobe Experience Platform's API responses; cohort passes it over."
    }
  },
  "properties": {
    "$schema": {
      "description": "The JSON Schema this file follows, for editors; cohort accepts and ignores it.",
      "type": "string"
    },
    "deny": {
      "$ref": "#/$defs/condition",
      "description": "The label expression that denies the action, e.g. {\"operator\": \"OR\", \"operands\": [{\"label\": \"C2\"}]}."
    },
    "description": {
      "description": "Free text for people; cohort does not read it.",
      "type": "string"
    },
    "id": {
      "description": "The policy's id; without it, the file name is the id (an id starts with a letter or digit and has at most 128 letters, digits, '.', '_' or '-').",
      "pattern": "^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$",
      "type": "string"
    },
    "marketingAction": {
      "description": "The marketing action this policy restricts.",
      "examples": [
        "exportToThirdParty",
        "emailTargeting"
      ],
      "type": "string"
    },
    "marketingActionRefs": {
      "description": "The Policy Service's marketing action URIs, whose last segment is the action, e.g. \"…/marketingActions/core/exportToThirdParty\".",
      "items": {
        "type": "string"
      },
      "minItems": 1,
      "type": "array"
    },
    "name": {
      "description": "A display name; defaults to the id.",
      "type": "string"
    },
    "status": {
      "description": "Only an enabled policy is enforced. Default ENABLED.",
      "enum": [
        "DRAFT",
        "ENABLED",
        "DISABLED"
      ],
      "type": "string"
    }
  },
  "required": [
    "deny"
  ],
  "title": "cohort policy",
  "type": "object"
}

"""##
        ),
        (
            ".vscode/schemas/schemas.schema.json",
            #"""
{
  "$schema": "https://json-schema.org/draft/2020-12/schema",
  "description": "A schema in XDM's JSON form: the Schema Registry's xed-full export, or its source form.",
  "patternProperties": {
    "^(_links|_page|imsOrg|imsOrgId|sandbox|sandboxId|sandboxName|created|createdBy|createdClient|createdUser|creationTime|createTime|createEpoch|updated|updatedBy|updatedClient|updatedUser|updateTime|updateEpoch|version)$": {
      "description": "Added by Adobe Experience Platform's API responses; cohort passes it over."
    }
  },
  "properties": {
    "$id": {
      "description": "The schema's URI in the Schema Registry; the id too when it is a valid id and `id` is missing.",
      "type": "string"
    },
    "$schema": {
      "description": "The JSON Schema this file follows, for editors; cohort accepts and ignores it.",
      "type": "string"
    },
    "allOf": {
      "description": "The class, field groups and data types the schema combines, by `$ref`."
    },
    "class": {
      "description": "The XDM class when `meta:class` is missing.",
      "examples": [
        "https://ns.adobe.com/xdm/context/profile",
        "https://ns.adobe.com/xdm/context/experienceevent",
        "profile",
        "experienceevent"
      ],
      "type": "string"
    },
    "definitions": {
      "description": "Named field shapes that `$ref`s point to."
    },
    "description": {
      "description": "Free text for people; cohort does not read it.",
      "type": "string"
    },
    "descriptors": {
      "description": "The Schema Registry's identity descriptors.",
      "items": {
        "description": "An identity descriptor: {\"@type\": \"xdm:descriptorIdentity\", \"xdm:sourceProperty\": \"/personalEmail/address\", \"xdm:namespace\": \"Email\", …}.",
        "type": "object"
      },
      "type": "array"
    },
    "id": {
      "description": "The schema's id; without it, `$id` when that is a valid id, else the file name (an id starts with a letter or digit and has at most 128 letters, digits, '.', '_' or '-').",
      "pattern": "^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$",
      "type": "string"
    },
    "identities": {
      "description": "cohort's shorthand for identity fields.",
      "items": {
        "additionalProperties": false,
        "description": "One identity field.",
        "properties": {
          "namespace": {
            "description": "The identity namespace code, e.g. \"Email\".",
            "type": "string"
          },
          "path": {
            "description": "The dotted path of the identity field.",
            "type": "string"
          },
          "primary": {
            "description": "Whether it is the record's primary identity.",
            "type": "boolean"
          }
        },
        "required": [
          "path",
          "namespace"
        ],
        "type": "object"
      },
      "type": "array"
    },
    "imsOrg": {
      "description": "The organisation that owns the schema; cohort passes it over."
    },
    "labels": {
      "additionalProperties": {
        "description": "The labels of the field, e.g. [\"I1\"].",
        "items": {
          "type": "string"
        },
        "type": "array"
      },
      "description": "Data-usage labels by dotted field path.",
      "type": "object"
    },
    "meta:class": {
      "description": "The XDM class: profile or experience event.",
      "examples": [
        "https://ns.adobe.com/xdm/context/profile",
        "https://ns.adobe.com/xdm/context/experienceevent",
        "profile",
        "experienceevent"
      ],
      "type": "string"
    },
    "properties": {
      "description": "The fields, by name: JSON Schema with XDM's meta: keys."
    },
    "required": {
      "description": "Top-level fields every record must have.",
      "items": {
        "type": "string"
      },
      "type": "array"
    },
    "title": {
      "description": "A display name; defaults to the id.",
      "type": "string"
    },
    "type": {
      "const": "object",
      "description": "A schema is an object: \"object\"."
    }
  },
  "title": "cohort schema",
  "type": "object"
}

"""#
        ),
        (
            ".vscode/schemas/segments.schema.json",
            #"""
{
  "$schema": "https://json-schema.org/draft/2020-12/schema",
  "additionalProperties": false,
  "description": "A segment definition in PQL (AEP's segment definition shape).",
  "patternProperties": {
    "^(_links|_page|imsOrg|imsOrgId|sandbox|sandboxId|sandboxName|created|createdBy|createdClient|createdUser|creationTime|createTime|createEpoch|updated|updatedBy|updatedClient|updatedUser|updateTime|updateEpoch|version)$": {
      "description": "Added by Adobe Experience Platform's API responses; cohort passes it over."
    }
  },
  "properties": {
    "$schema": {
      "description": "The JSON Schema this file follows, for editors; cohort accepts and ignores it.",
      "type": "string"
    },
    "dataGovernancePolicy": {
      "additionalProperties": false,
      "description": "AEP's data governance settings.",
      "properties": {
        "excludeOptOut": {
          "description": "Leave out profiles whose opt-out says out.",
          "type": "boolean"
        }
      },
      "type": "object"
    },
    "description": {
      "description": "Free text for people; cohort does not read it.",
      "type": "string"
    },
    "evaluationInfo": {
      "description": "AEP's evaluation settings; cohort passes them over."
    },
    "excludeOptOut": {
      "description": "Leave out profiles whose opt-out says out.",
      "type": "boolean"
    },
    "expression": {
      "additionalProperties": false,
      "description": "The segment's Profile Query Language expression.",
      "properties": {
        "format": {
          "description": "pql/text: `value` is PQL text; pql/json: AEP's tree of it.",
          "enum": [
            "pql/text",
            "pql/json"
          ],
          "type": "string"
        },
        "type": {
          "const": "PQL",
          "description": "The expression language: always \"PQL\"."
        },
        "value": {
          "description": "The PQL text, or with \"pql/json\" AEP's tree of it.",
          "type": [
            "string",
            "object"
          ]
        }
      },
      "required": [
        "value"
      ],
      "type": "object"
    },
    "id": {
      "description": "The segment's id; without it, the file name is the id (an id starts with a letter or digit and has at most 128 letters, digits, '.', '_' or '-').",
      "pattern": "^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$",
      "type": "string"
    },
    "labels": {
      "description": "AEP's labels of the segment; cohort passes them over."
    },
    "mergePolicyId": {
      "description": "The id of the merge policy its profiles are merged with; defaults to cohort.json's defaultMergePolicy.",
      "type": "string"
    },
    "name": {
      "description": "A display name; defaults to the id.",
      "type": "string"
    },
    "profileInstanceId": {
      "description": "AEP's profile instance; cohort passes it over."
    },
    "schema": {
      "description": "AEP's schema class of the segment; cohort passes it over."
    },
    "ttlInDays": {
      "description": "AEP's time to live; cohort passes it over."
    }
  },
  "required": [
    "expression"
  ],
  "title": "cohort segment",
  "type": "object"
}

"""#
        ),
        (
            ".vscode/schemas/tests.schema.json",
            #"""
{
  "$schema": "https://json-schema.org/draft/2020-12/schema",
  "additionalProperties": false,
  "description": "A segment test (`cohort test`): records written inline, the time segments are evaluated at, and what should come out.",
  "properties": {
    "$schema": {
      "description": "The JSON Schema this file follows, for editors; cohort accepts and ignores it.",
      "type": "string"
    },
    "asOf": {
      "description": "The time segments are evaluated at (RFC 3339).",
      "examples": [
        "2026-11-21T00:00:00Z"
      ],
      "type": "string"
    },
    "description": {
      "description": "Free text for people; cohort does not read it.",
      "type": "string"
    },
    "expect": {
      "description": "The expectations, each checked on its own.",
      "items": {
        "additionalProperties": false,
        "description": "What should come out: a segment's members (all of them, or some in and some out), or a file destination's rows.",
        "properties": {
          "destination": {
            "description": "The file destination whose export rows are checked (an id starts with a letter or digit and has at most 128 letters, digits, '.', '_' or '-').",
            "pattern": "^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$",
            "type": "string"
          },
          "in": {
            "description": "Profiles that must be in the segment, each profile named by one identity, NAMESPACE:VALUE.",
            "items": {
              "type": "string"
            },
            "type": "array"
          },
          "members": {
            "description": "Exactly the segment's members, each profile named by one identity, NAMESPACE:VALUE.",
            "items": {
              "type": "string"
            },
            "type": "array"
          },
          "out": {
            "description": "Profiles that must be out of the segment, each profile named by one identity, NAMESPACE:VALUE.",
            "items": {
              "type": "string"
            },
            "type": "array"
          },
          "rows": {
            "description": "Rows the destination's export must hold, each checked on the columns it names.",
            "items": {
              "description": "One expected row: the columns it names must match.",
              "properties": {},
              "type": "object"
            },
            "type": "array"
          },
          "segment": {
            "description": "The segment whose members are checked (an id starts with a letter or digit and has at most 128 letters, digits, '.', '_' or '-').",
            "pattern": "^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$",
            "type": "string"
          }
        },
        "type": "object"
      },
      "type": "array"
    },
    "name": {
      "description": "What the test checks; defaults to the file name.",
      "type": "string"
    },
    "records": {
      "additionalProperties": {
        "description": "The dataset's records, or a file's content.",
        "oneOf": [
          {
            "description": "Records as objects.",
            "items": {
              "description": "One record (a CSV dataset's row: column name to text), as it arrives in the dataset.",
              "properties": {},
              "type": "object"
            },
            "type": "array"
          },
          {
            "description": "The content of a file of the dataset (CSV, NDJSON, JSON or XML).",
            "type": "string"
          }
        ]
      },
      "description": "Per dataset id, its records: a list of objects, or one string holding the content of a file of that dataset.",
      "type": "object"
    }
  },
  "required": [
    "asOf"
  ],
  "title": "cohort test",
  "type": "object"
}

"""#
        ),
        (
            ".vscode/settings.json",
            #"""
{
  "json.schemas": [
    {
      "fileMatch": [
        "/cohort.json"
      ],
      "url": "./.vscode/schemas/cohort.schema.json"
    },
    {
      "fileMatch": [
        "/schemas/*.json"
      ],
      "url": "./.vscode/schemas/schemas.schema.json"
    },
    {
      "fileMatch": [
        "/namespaces/*.json"
      ],
      "url": "./.vscode/schemas/namespaces.schema.json"
    },
    {
      "fileMatch": [
        "/datasets/*.json"
      ],
      "url": "./.vscode/schemas/datasets.schema.json"
    },
    {
      "fileMatch": [
        "/merge-policies/*.json"
      ],
      "url": "./.vscode/schemas/merge-policies.schema.json"
    },
    {
      "fileMatch": [
        "/segments/*.json"
      ],
      "url": "./.vscode/schemas/segments.schema.json"
    },
    {
      "fileMatch": [
        "/destinations/*.json"
      ],
      "url": "./.vscode/schemas/destinations.schema.json"
    },
    {
      "fileMatch": [
        "/policies/*.json"
      ],
      "url": "./.vscode/schemas/policies.schema.json"
    },
    {
      "fileMatch": [
        "/tests/*.json"
      ],
      "url": "./.vscode/schemas/tests.schema.json"
    }
  ]
}

"""#
        ),
        (
            "cohort.json",
            #"""
{
  "name": "luma",
  "timezone": "America/Los_Angeles",
  "defaultCountry": "US",
  "defaultMergePolicy": "default",
  "limits": { "identitiesPerGraph": 50, "identitiesPerRecord": 20 }
}

"""#
        ),
        (
            "datasets/crm.json",
            #"""
{
  "id": "crm",
  "name": "Luma CRM Dataset",
  "schema": "luma-crm",
  "profile": true,
  "format": "json",
  "errorThreshold": 10,
  "timestampField": "extSourceSystemAudit.lastUpdatedDate",
  "labels": []
}

"""#
        ),
        (
            "datasets/dma-crm.xml",
            #"""
<?xml version="1.0" encoding="UTF-8"?>
<!-- The CRM export of the DMA tutorial: a CSV with human-readable headers, mapped to XDM paths. -->
<dataset id="dma-crm" errorThreshold="10" name="Luma CRM (CSV export)" schema="luma-crm" profile="true" format="csv"
         timestampField="extSourceSystemAudit.lastUpdatedDate">
  <mapping>
    <map from="CRM ID" to="_techmarketingdemos.systemIdentifier.crmId"/>
    <map from="First Name" to="person.name.firstName"/>
    <map from="Last Name" to="person.name.lastName"/>
    <map from="Email" to="personalEmail.address"/>
    <map from="Phone" to="mobilePhone.number"/>
    <map from="City" to="homeAddress.city"/>
    <map from="Country" to="homeAddress.country"/>
    <map from="Email Consent" to="consents.marketing.email.val"/>
    <map from="Updated" to="extSourceSystemAudit.lastUpdatedDate"/>
  </mapping>
</dataset>

"""#
        ),
        (
            "datasets/loyalty.xml",
            #"""
<?xml version="1.0" encoding="UTF-8"?>
<dataset id="loyalty" errorThreshold="10" name="Luma Loyalty Dataset" schema="luma-loyalty" profile="true" format="json"
         timestampField="extSourceSystemAudit.lastUpdatedDate"/>

"""#
        ),
        (
            "datasets/offline-purchases.json",
            #"""
{
  "id": "offline-purchases",
  "name": "Luma Offline Purchase Events",
  "schema": "luma-offline-purchases",
  "profile": true,
  "format": "ndjson",
  "errorThreshold": 10,
  "labels": ["C5"]
}

"""#
        ),
        (
            "datasets/web-events.json",
            #"""
{
  "id": "web-events",
  "name": "Luma Web Events",
  "schema": "luma-web-events",
  "profile": true,
  "errorThreshold": 10,
  "format": "ndjson"
}

"""#
        ),
        (
            "destinations/ads-hashed.xml",
            #"""
<?xml version="1.0" encoding="UTF-8"?>
<!-- Customer-match audiences for an ad platform: SHA-256 of the normalized email, changes only. -->
<destination id="ads-hashed" name="Ad platform customer match" type="file" format="csv" mode="incremental"
             marketingAction="exportToThirdParty" fileName="{destination}_{segment}_{build}.csv">
  <segments>
    <segment>gold-recent-buyers</segment>
    <segment>cart-abandoners</segment>
    <segment>hoodie-shoppers</segment>
  </segments>
  <identity namespace="Email" hash="sha256"/>
  <mapping source="segmentMembership.status" target="status"/>
  <dedupKey>Email</dedupKey>
</destination>

"""#
        ),
        (
            "destinations/braze-cart-recovery.xml",
            #"""
<?xml version="1.0" encoding="UTF-8"?>
<!-- Cart abandoners as a Braze user import for an email campaign: Braze's column names, keyed by the CRM id.
     The preset exports only profiles whose consents.marketing.email.val is y or dy. -->
<destination id="braze-cart-recovery" name="Cart recovery emails (Braze import)" preset="braze-user-import"
             marketingAction="emailTargeting">
  <segment>cart-abandoners</segment>
  <identity namespace="lumaCrmId"/>
  <mapping source="personalEmail.address" target="email"/>
  <mapping source="person.name.firstName" target="first_name"/>
  <mapping source="person.name.lastName" target="last_name"/>
</destination>

"""#
        ),
        (
            "destinations/cart-recovery-webhook.json",
            #"""
{
  "id": "cart-recovery-webhook",
  "name": "Cart recovery messages (HTTP API)",
  "description": "A line per profile whose cart-abandoner status or mapped attributes changed, in AEP's HTTP payload shape.",
  "type": "stream",
  "segments": ["cart-abandoners"],
  "identity": { "namespace": "Email" },
  "mappings": [
    { "source": "person.name.firstName", "target": "person.firstName" },
    { "source": "loyalty.tier", "target": "loyalty.tier" }
  ],
  "marketingAction": "emailTargeting",
  "consent": { "path": "consents.marketing.email.val", "allow": ["y", "dy"] },
  "fileName": "{destination}_{build}.ndjson"
}

"""#
        ),
        (
            "destinations/email-sftp.json",
            #"""
{
  "id": "email-sftp",
  "name": "Email marketing (SFTP)",
  "type": "file",
  "format": "csv",
  "segments": ["gold-members", "recent-buyers", "high-value-customers"],
  "identity": { "namespace": "Email" },
  "mappings": [
    { "source": "person.name.firstName", "target": "first_name" },
    { "source": "person.name.lastName", "target": "last_name" },
    { "source": "loyalty.tier", "target": "tier" },
    { "source": "homeAddress.city", "target": "city" },
    { "source": "segmentMembership.status", "target": "status" }
  ],
  "mandatory": ["personalEmail.address"],
  "dedupKey": ["Email"],
  "marketingAction": "emailTargeting",
  "consent": { "path": "consents.marketing.email.val", "allow": ["y", "dy"] },
  "mode": "full",
  "fileName": "{destination}_{segment}.csv",
  "csv": { "delimiter": ",", "header": true, "null": "" }
}

"""#
        ),
        (
            "destinations/meta-audiences.json",
            #"""
{
  "id": "meta-audiences",
  "name": "Meta Custom Audiences",
  "description": "Hoodie shoppers as a Meta customer list (to retarget, or to seed a lookalike): Meta's columns, normalized and SHA-256 hashed as Meta documents; an add file and a remove file per change.",
  "preset": "meta-custom-audiences",
  "segments": ["hoodie-shoppers"],
  "identity": { "namespace": "Email" },
  "mappings": [
    { "source": "mobilePhone.number", "target": "phone" },
    { "source": "person.name.firstName", "target": "fn" },
    { "source": "person.name.lastName", "target": "ln" },
    { "source": "homeAddress.city", "target": "ct" },
    { "source": "homeAddress.postalCode", "target": "zip" },
    { "source": "homeAddress.country", "target": "country" }
  ],
  "marketingAction": "exportToThirdParty"
}

"""#
        ),
        (
            "destinations/web-personalization.json",
            #"""
{
  "id": "web-personalization",
  "name": "Web and mobile personalization (lookup)",
  "description": "Each visitor's ECID → the audiences it is in and its loyalty tier and points, in shards a page or an edge function fetches one at a time (docs/lookup.md).",
  "type": "lookup",
  "segments": ["gold-members", "cart-abandoners", "hoodie-shoppers", "recent-buyers"],
  "identity": { "namespace": "ECID" },
  "mappings": [
    { "source": "loyalty.tier", "target": "tier" },
    { "source": "loyalty.points", "target": "points" }
  ],
  "marketingAction": "onsitePersonalization",
  "prefixLength": 1
}

"""#
        ),
        (
            "merge-policies/default.json",
            #"""
{
  "id": "default",
  "name": "Default: stitched, newest attribute wins",
  "identityGraph": { "type": "pdg" },
  "attributeMerge": { "type": "timestampOrdered" },
  "schema": { "name": "_xdm.context.profile" },
  "default": true
}

"""#
        ),
        (
            "merge-policies/loyalty-first.xml",
            #"""
<?xml version="1.0" encoding="UTF-8"?>
<!-- The loyalty program's data wins over the CRM's: "Daniel" from loyalty beats "Danny" from CRM. -->
<mergePolicy id="loyalty-first" name="Loyalty data first" default="false">
  <identityGraph type="pdg"/>
  <attributeMerge type="dataSetPrecedence">
    <order>
      <dataset>loyalty</dataset>
      <dataset>crm</dataset>
      <dataset>dma-crm</dataset>
    </order>
  </attributeMerge>
</mergePolicy>

"""#
        ),
        (
            "namespaces/Email.json",
            #"""
{
  "code": "Email",
  "name": "Email",
  "type": "email",
  "priority": 30,
  "normalize": "email",
  "limit": 3,
  "blocked": ["^test@test\\.com$", "^noreply@", "@example\\.invalid$"]
}

"""#
        ),
        (
            "namespaces/Phone.xml",
            #"""
<?xml version="1.0" encoding="UTF-8"?>
<namespace code="Phone" name="Phone" type="phone" priority="40" normalize="phone">
  <blocked>^\+?0+$</blocked>
  <blocked>^\+?1?5550100$</blocked>
</namespace>

"""#
        ),
        (
            "namespaces/lumaCrmId.json",
            #"""
{
  "code": "lumaCrmId",
  "name": "Luma CRM Id",
  "description": "The CRM system's customer id: one person, on every device.",
  "type": "cross_device",
  "priority": 10,
  "unique": true
}

"""#
        ),
        (
            "namespaces/lumaLoyaltyId.xml",
            #"""
<?xml version="1.0" encoding="UTF-8"?>
<namespace code="lumaLoyaltyId" name="Luma Loyalty Id" type="cross_device" priority="15" unique="true">
  <description>The loyalty program's member number.</description>
</namespace>

"""#
        ),
        (
            "namespaces/lumaProductSku.json",
            #"""
{
  "code": "lumaProductSku",
  "name": "Luma Product SKU",
  "description": "Products are not people: SKUs never link profiles.",
  "type": "non_people"
}

"""#
        ),
        (
            "policies/no-sensitive-third-party.json",
            #"""
{
  "id": "no-sensitive-third-party",
  "name": "No sensitive or directly identifying data to third parties",
  "description": "Data labelled sensitive (S1, S2) or directly identifying (I1) may not leave for a third party.",
  "marketingAction": "exportToThirdParty",
  "status": "ENABLED",
  "deny": {
    "operator": "OR",
    "operands": [
      { "label": "S1" },
      { "label": "S2" },
      { "operator": "AND", "operands": [{ "label": "I1" }, { "label": "C12" }] }
    ]
  }
}

"""#
        ),
        (
            "schemas/luma-crm.json",
            #"""
{
  "$id": "https://ns.adobe.com/techmarketingdemos/schemas/6a1a9f7dd2c4b8e3a5f0c7d9e1b3a2f4",
  "meta:altId": "_techmarketingdemos.schemas.6a1a9f7dd2c4b8e3a5f0c7d9e1b3a2f4",
  "meta:resourceType": "schemas",
  "version": "1.3",
  "title": "Luma CRM Schema",
  "type": "object",
  "description": "Schema for CRM data of Luma Retail",
  "properties": {
    "_techmarketingdemos": {
      "type": "object",
      "meta:xdmType": "object",
      "properties": {
        "systemIdentifier": {
          "title": "System Identifier",
          "description": "System identifiers for Luma's source systems.",
          "type": "object",
          "meta:xdmType": "object",
          "properties": {
            "crmId": {
              "title": "CRM Id",
              "type": "string",
              "meta:xdmType": "string"
            }
          }
        }
      }
    },
    "identityMap": {
      "title": "Identity Map",
      "description": "Defines a map containing a set of end user identities, keyed on either namespace integration code or the namespace ID of the identity. Within each namespace, the identity is unique. The values of the map are an array, meaning that more than one identity of each namespace may be carried.",
      "type": "object",
      "meta:xdmType": "map",
      "meta:xdmField": "xdm:identityMap",
      "additionalProperties": {
        "type": "array",
        "meta:xdmType": "array",
        "items": {
          "title": "Identity",
          "description": "Identity is used to clearly distinguish people that are interacting with digital experiences.",
          "type": "object",
          "meta:xdmType": "object",
          "meta:referencedFrom": "https://ns.adobe.com/xdm/context/identityitem",
          "properties": {
            "id": {
              "title": "Identifier",
              "type": "string",
              "description": "Identity of the consumer in the related namespace.",
              "meta:xdmField": "xdm:id",
              "meta:xdmType": "string"
            },
            "authenticatedState": {
              "title": "Authenticated state",
              "description": "The state this identity is authenticated as for this observed ExperienceEvent.",
              "type": "string",
              "default": "ambiguous",
              "enum": [
                "ambiguous",
                "authenticated",
                "loggedOut"
              ],
              "meta:enum": {
                "ambiguous": "Ambiguous",
                "authenticated": "User identified by a login or similar action that was valid at the time of the event observation.",
                "loggedOut": "User was identified by a login action at some point of time previously, but is not currently logged in."
              },
              "meta:xdmField": "xdm:authenticatedState",
              "meta:xdmType": "string"
            },
            "primary": {
              "title": "Primary",
              "type": "boolean",
              "default": false,
              "description": "Indicates this identity is the preferred identity. Is used as a hint to help systems better organize how identities are queried.",
              "meta:xdmField": "xdm:primary",
              "meta:xdmType": "boolean"
            }
          }
        }
      }
    },
    "extSourceSystemAudit": {
      "title": "External Source System Audit Attributes",
      "description": "Audit attributes for external sources.",
      "meta:xdmField": "xdm:extSourceSystemAudit",
      "type": "object",
      "meta:xdmType": "object",
      "meta:referencedFrom": "https://ns.adobe.com/xdm/common/external-source-system-audit",
      "properties": {
        "lastUpdatedDate": {
          "title": "Last Updated Date",
          "type": "string",
          "format": "date-time",
          "description": "Date when this record was last modified.",
          "meta:titleId": "external-source-system-audit##xdm:lastUpdatedDate##title##84601",
          "meta:descriptionId": "external-source-system-audit##xdm:lastUpdatedDate##description##79321",
          "meta:xdmField": "xdm:lastUpdatedDate",
          "meta:xdmType": "date-time"
        }
      }
    },
    "person": {
      "title": "Person",
      "description": "An individual actor, contact, or owner.",
      "meta:xdmField": "xdm:person",
      "type": "object",
      "meta:xdmType": "object",
      "meta:referencedFrom": "https://ns.adobe.com/xdm/context/person",
      "properties": {
        "name": {
          "title": "Full name",
          "description": "The person's full name.",
          "meta:xdmField": "xdm:name",
          "type": "object",
          "meta:xdmType": "object",
          "meta:referencedFrom": "https://ns.adobe.com/xdm/context/person-name",
          "properties": {
            "firstName": {
              "title": "First name",
              "type": "string",
              "description": "The first segment of the name in the writing order most commonly accepted in the language of the name. In many cultures this is the preferred personal or given name.",
              "meta:xdmField": "xdm:firstName",
              "meta:xdmType": "string"
            },
            "lastName": {
              "title": "Last name",
              "type": "string",
              "description": "The last segment of the name in the writing order most commonly accepted in the language of the name. In many cultures this is the inherited family name, surname, patronymic, or matronymic name.",
              "meta:xdmField": "xdm:lastName",
              "meta:xdmType": "string"
            }
          }
        },
        "birthDate": {
          "title": "Birth date",
          "type": "string",
          "format": "date",
          "description": "The full date a person was born.",
          "meta:xdmField": "xdm:birthDate",
          "meta:xdmType": "date"
        },
        "gender": {
          "title": "Gender",
          "type": "string",
          "description": "Gender identity of the person.\n",
          "enum": [
            "male",
            "female",
            "not_specified",
            "non_specific"
          ],
          "meta:enum": {
            "male": "Male",
            "female": "Female",
            "not_specified": "Not Specified",
            "non_specific": "Nonspecific"
          },
          "default": "not_specified",
          "meta:xdmField": "xdm:gender",
          "meta:xdmType": "string"
        }
      }
    },
    "personalEmail": {
      "title": "Personal email",
      "description": "A personal email address.",
      "meta:xdmField": "xdm:personalEmail",
      "type": "object",
      "meta:xdmType": "object",
      "meta:referencedFrom": "https://ns.adobe.com/xdm/context/emailaddress",
      "properties": {
        "address": {
          "title": "Address",
          "type": "string",
          "format": "email",
          "description": "The technical address, e.g 'name@domain.com' as commonly defined in RFC2822 and subsequent standards.",
          "meta:xdmField": "xdm:address",
          "meta:xdmType": "string"
        }
      }
    },
    "mobilePhone": {
      "title": "Mobile phone",
      "description": "Mobile phone number.",
      "meta:xdmField": "xdm:mobilePhone",
      "type": "object",
      "meta:xdmType": "object",
      "meta:referencedFrom": "https://ns.adobe.com/xdm/context/phonenumber",
      "properties": {
        "number": {
          "title": "Number",
          "type": "string",
          "description": "The phone number. Note the phone number is a string and may include meaningful characters such as brackets (), hyphens - or characters to indicate sub dialing identifiers like extensions x. E.g 1-353(0)18391111 or +613 9403600x1234.",
          "meta:xdmField": "xdm:number",
          "meta:xdmType": "string"
        }
      }
    },
    "homeAddress": {
      "title": "Home address",
      "description": "A home postal address.",
      "meta:xdmField": "xdm:homeAddress",
      "type": "object",
      "meta:xdmType": "object",
      "meta:referencedFrom": "https://ns.adobe.com/xdm/common/address",
      "properties": {
        "city": {
          "title": "City",
          "type": "string",
          "description": "The name of the city.",
          "meta:xdmField": "xdm:city",
          "meta:xdmType": "string"
        },
        "country": {
          "title": "Country",
          "type": "string",
          "description": "The name of the government-administered territory. Other than `xdm:countryCode`, this is a free-form field that can have the country name in any language.",
          "meta:xdmField": "xdm:country",
          "meta:xdmType": "string"
        },
        "postalCode": {
          "title": "Postal code",
          "type": "string",
          "description": "The postal code of the location. Postal codes are not available for all countries. In some countries, this will only contain part of the postal code.",
          "meta:xdmField": "xdm:postalCode",
          "meta:xdmType": "string"
        }
      }
    },
    "consents": {
      "title": "Consents and Preferences",
      "description": "Specific Consent and Preference Options",
      "meta:xdmField": "xdm:consents",
      "type": "object",
      "meta:xdmType": "object",
      "meta:referencedFrom": "https://ns.adobe.com/xdm/datatypes/consents-and-preferences",
      "properties": {
        "marketing": {
          "title": "Marketing Preferences",
          "description": "User's Direct Marketing Preferences",
          "meta:xdmField": "xdm:marketing",
          "type": "object",
          "meta:xdmType": "object",
          "properties": {
            "email": {
              "title": "Receive email",
              "description": "User agrees to receive email",
              "meta:titleId": "consents-and-preferences##xdm:email##title##94261",
              "meta:descriptionId": "consents-and-preferences##xdm:email##description##19681",
              "meta:xdmField": "xdm:email",
              "type": "object",
              "meta:xdmType": "object",
              "properties": {
                "val": {
                  "title": "Choice Value",
                  "description": "The value specified by the user as their preference or the basis of processing that precludes the need for user consent",
                  "type": "string",
                  "enum": [
                    "y",
                    "n",
                    "p",
                    "u",
                    "dy",
                    "dn",
                    "LI",
                    "CT",
                    "CP",
                    "VI",
                    "PI"
                  ],
                  "meta:enum": {
                    "y": "Yes (opt-in)",
                    "n": "No (opt-out)",
                    "p": "Pending verification",
                    "u": "Unknown",
                    "dy": "Default of Yes (opt-in)",
                    "dn": "Default of No (opt-out)",
                    "LI": "Legitimate Interest",
                    "CT": "Contract",
                    "CP": "Compliance with a Legal Obligation",
                    "VI": "Vital Interest of the Individual",
                    "PI": "Public Interest"
                  },
                  "meta:titleId": "consents-and-preferences##choice-value##title##22381",
                  "meta:descriptionId": "consents-and-preferences##choice-value##description##81411",
                  "meta:xdmField": "xdm:val",
                  "meta:xdmType": "string"
                },
                "time": {
                  "title": "Preference timestamp",
                  "description": "Date and time this specific preference was collected. This value should conform to ISO 8601 standard. An example form is \"2004-10-23T12:00:00-06:00\".",
                  "type": "string",
                  "format": "date-time",
                  "meta:xdmField": "xdm:time",
                  "meta:xdmType": "date-time"
                },
                "reason": {
                  "title": "Opt-out reason",
                  "type": "string",
                  "description": "Reason for opting out",
                  "maxLength": 16,
                  "meta:xdmField": "xdm:reason",
                  "meta:xdmType": "string"
                }
              },
              "required": [
                "val"
              ]
            }
          }
        }
      }
    }
  },
  "imsOrg": "A1B2C3D4E5F6A7B8C9D0E1F2@AdobeOrg",
  "$schema": "http://json-schema.org/draft-06/schema#",
  "meta:extensible": false,
  "meta:abstract": false,
  "meta:extends": [
    "https://ns.adobe.com/xdm/context/profile",
    "https://ns.adobe.com/xdm/data/record",
    "https://ns.adobe.com/xdm/context/identitymap",
    "https://ns.adobe.com/xdm/common/extensible",
    "https://ns.adobe.com/xdm/common/auditable",
    "https://ns.adobe.com/xdm/context/profile-personal-details",
    "https://ns.adobe.com/xdm/context/profile-person-details",
    "https://ns.adobe.com/xdm/mixins/profile-consents",
    "https://ns.adobe.com/xdm/common/external-source-system-audit-details",
    "https://ns.adobe.com/techmarketingdemos/mixins/4f1e8b2a6c9d3e7f0a5b8c1d4e7f2a9b",
    "https://ns.adobe.com/xdm/context/person",
    "https://ns.adobe.com/xdm/context/person-name",
    "https://ns.adobe.com/xdm/common/address",
    "https://ns.adobe.com/xdm/context/emailaddress",
    "https://ns.adobe.com/xdm/context/phonenumber",
    "https://ns.adobe.com/xdm/datatypes/consents-and-preferences",
    "https://ns.adobe.com/xdm/common/external-source-system-audit",
    "https://ns.adobe.com/xdm/context/identityitem"
  ],
  "meta:xdmType": "object",
  "meta:registryMetadata": {
    "repo:createdDate": 1623860493142,
    "repo:lastModifiedDate": 1624376214528,
    "xdm:createdClientId": "exc_app",
    "xdm:lastModifiedClientId": "exc_app",
    "xdm:createdUserId": "7C3E1A2B5F8D4E6A9B0C1D2E@AdobeID",
    "xdm:lastModifiedUserId": "7C3E1A2B5F8D4E6A9B0C1D2E@AdobeID",
    "eTag": "9f1c4d2a7b8e3f6a0c5d9e2b4a7f1c8d3e6b0a9f2c5d8e1b4a7f0c3d6e9b2a5f",
    "meta:globalLibVersion": "1.52.2"
  },
  "meta:class": "https://ns.adobe.com/xdm/context/profile",
  "meta:containerId": "tenant",
  "meta:sandboxId": "5f0c7d3e-9a1b-4c2d-8e6f-3a7b9c1d5e2f",
  "meta:sandboxType": "development",
  "meta:immutableTags": [
    "union"
  ],
  "meta:tenantNamespace": "_techmarketingdemos",
  "descriptors": [
    {
      "@id": "3b7e9f1a2c4d6e8f0a1b3c5d7e9f1a2b3c4d5e6f",
      "@type": "xdm:descriptorIdentity",
      "xdm:sourceSchema": "https://ns.adobe.com/techmarketingdemos/schemas/6a1a9f7dd2c4b8e3a5f0c7d9e1b3a2f4",
      "xdm:sourceVersion": 1,
      "xdm:sourceProperty": "/_techmarketingdemos/systemIdentifier/crmId",
      "xdm:namespace": "lumaCrmId",
      "xdm:property": "xdm:code",
      "xdm:isPrimary": true,
      "meta:containerId": "tenant"
    },
    {
      "@id": "8c2d4e6f0a1b3c5d7e9f2a4b6c8d0e1f3a5b7c9d",
      "@type": "xdm:descriptorIdentity",
      "xdm:sourceSchema": "https://ns.adobe.com/techmarketingdemos/schemas/6a1a9f7dd2c4b8e3a5f0c7d9e1b3a2f4",
      "xdm:sourceVersion": 1,
      "xdm:sourceProperty": "/personalEmail/address",
      "xdm:namespace": "Email",
      "xdm:property": "xdm:code",
      "xdm:isPrimary": false,
      "meta:containerId": "tenant"
    },
    {
      "@id": "1e3f5a7b9c0d2e4f6a8b0c1d3e5f7a9b2c4d6e8f",
      "@type": "xdm:descriptorIdentity",
      "xdm:sourceSchema": "https://ns.adobe.com/techmarketingdemos/schemas/6a1a9f7dd2c4b8e3a5f0c7d9e1b3a2f4",
      "xdm:sourceVersion": 1,
      "xdm:sourceProperty": "/mobilePhone/number",
      "xdm:namespace": "Phone",
      "xdm:property": "xdm:code",
      "xdm:isPrimary": false,
      "meta:containerId": "tenant"
    }
  ],
  "labels": {
    "personalEmail.address": [
      "I1"
    ],
    "mobilePhone.number": [
      "I1"
    ],
    "person.birthDate": [
      "I2"
    ],
    "homeAddress": [
      "C2"
    ]
  }
}

"""#
        ),
        (
            "schemas/luma-loyalty.json",
            #"""
{
    "$id": "https://ns.adobe.com/techmarketingdemos/schemas/0b5e2c8f4a7d1e9b3c6f8a2d5e7b9c1a",
    "meta:altId": "_techmarketingdemos.schemas.0b5e2c8f4a7d1e9b3c6f8a2d5e7b9c1a",
    "meta:resourceType": "schemas",
    "version": "1.5",
    "title": "Luma Loyalty Schema",
    "type": "object",
    "description": "Schema for loyalty program data of Luma Retail",
    "properties": {
        "_techmarketingdemos": {
            "type": "object",
            "meta:xdmType": "object",
            "properties": {
                "systemIdentifier": {
                    "title": "System Identifier",
                    "description": "System identifiers for Luma's source systems.",
                    "type": "object",
                    "meta:xdmType": "object",
                    "properties": {
                        "loyaltyId": {
                            "title": "Loyalty Id",
                            "type": "integer",
                            "minimum": -2147483648,
                            "maximum": 2147483647,
                            "meta:xdmType": "int"
                        },
                        "crmId": {
                            "title": "CRM Id",
                            "type": "string",
                            "meta:xdmType": "string"
                        }
                    }
                }
            }
        },
        "identityMap": {
            "title": "Identity Map",
            "description": "Defines a map containing a set of end user identities, keyed on either namespace integration code or the namespace ID of the identity. Within each namespace, the identity is unique. The values of the map are an array, meaning that more than one identity of each namespace may be carried.",
            "type": "object",
            "meta:xdmType": "map",
            "meta:xdmField": "xdm:identityMap",
            "additionalProperties": {
                "type": "array",
                "meta:xdmType": "array",
                "items": {
                    "title": "Identity",
                    "description": "Identity is used to clearly distinguish people that are interacting with digital experiences.",
                    "type": "object",
                    "meta:xdmType": "object",
                    "meta:referencedFrom": "https://ns.adobe.com/xdm/context/identityitem",
                    "properties": {
                        "id": {
                            "title": "Identifier",
                            "type": "string",
                            "description": "Identity of the consumer in the related namespace.",
                            "meta:xdmField": "xdm:id",
                            "meta:xdmType": "string"
                        },
                        "authenticatedState": {
                            "title": "Authenticated state",
                            "description": "The state this identity is authenticated as for this observed ExperienceEvent.",
                            "type": "string",
                            "default": "ambiguous",
                            "enum": [
                                "ambiguous",
                                "authenticated",
                                "loggedOut"
                            ],
                            "meta:enum": {
                                "ambiguous": "Ambiguous",
                                "authenticated": "User identified by a login or similar action that was valid at the time of the event observation.",
                                "loggedOut": "User was identified by a login action at some point of time previously, but is not currently logged in."
                            },
                            "meta:xdmField": "xdm:authenticatedState",
                            "meta:xdmType": "string"
                        },
                        "primary": {
                            "title": "Primary",
                            "type": "boolean",
                            "default": false,
                            "description": "Indicates this identity is the preferred identity. Is used as a hint to help systems better organize how identities are queried.",
                            "meta:xdmField": "xdm:primary",
                            "meta:xdmType": "boolean"
                        }
                    }
                }
            }
        },
        "extSourceSystemAudit": {
            "title": "External Source System Audit Attributes",
            "description": "Audit attributes for external sources.",
            "meta:xdmField": "xdm:extSourceSystemAudit",
            "type": "object",
            "meta:xdmType": "object",
            "meta:referencedFrom": "https://ns.adobe.com/xdm/common/external-source-system-audit",
            "properties": {
                "lastUpdatedDate": {
                    "title": "Last Updated Date",
                    "type": "string",
                    "format": "date-time",
                    "description": "Date when this record was last modified.",
                    "meta:titleId": "external-source-system-audit##xdm:lastUpdatedDate##title##84601",
                    "meta:descriptionId": "external-source-system-audit##xdm:lastUpdatedDate##description##79321",
                    "meta:xdmField": "xdm:lastUpdatedDate",
                    "meta:xdmType": "date-time"
                }
            }
        },
        "person": {
            "title": "Person",
            "description": "An individual actor, contact, or owner.",
            "meta:xdmField": "xdm:person",
            "type": "object",
            "meta:xdmType": "object",
            "meta:referencedFrom": "https://ns.adobe.com/xdm/context/person",
            "properties": {
                "name": {
                    "title": "Full name",
                    "description": "The person's full name.",
                    "meta:xdmField": "xdm:name",
                    "type": "object",
                    "meta:xdmType": "object",
                    "meta:referencedFrom": "https://ns.adobe.com/xdm/context/person-name",
                    "properties": {
                        "firstName": {
                            "title": "First name",
                            "type": "string",
                            "description": "The first segment of the name in the writing order most commonly accepted in the language of the name. In many cultures this is the preferred personal or given name.",
                            "meta:xdmField": "xdm:firstName",
                            "meta:xdmType": "string"
                        },
                        "lastName": {
                            "title": "Last name",
                            "type": "string",
                            "description": "The last segment of the name in the writing order most commonly accepted in the language of the name. In many cultures this is the inherited family name, surname, patronymic, or matronymic name.",
                            "meta:xdmField": "xdm:lastName",
                            "meta:xdmType": "string"
                        }
                    }
                }
            }
        },
        "homeAddress": {
            "title": "Home address",
            "description": "A home postal address.",
            "meta:xdmField": "xdm:homeAddress",
            "type": "object",
            "meta:xdmType": "object",
            "meta:referencedFrom": "https://ns.adobe.com/xdm/common/address",
            "properties": {
                "city": {
                    "title": "City",
                    "type": "string",
                    "description": "The name of the city.",
                    "meta:xdmField": "xdm:city",
                    "meta:xdmType": "string"
                }
            }
        },
        "loyalty": {
            "description": "Captures details related to the customer's loyalty rewards.",
            "meta:descriptionId": "profile-loyalty-details##xdm:loyalty##description##85311",
            "meta:xdmField": "xdm:loyalty",
            "type": "object",
            "meta:xdmType": "object",
            "properties": {
                "joinDate": {
                    "title": "Program Join Date",
                    "type": "string",
                    "format": "date",
                    "description": "Date which the visitor registered for the loyalty program.",
                    "meta:titleId": "profile-loyalty-details##xdm:joinDate##title##8551",
                    "meta:descriptionId": "profile-loyalty-details##xdm:joinDate##description##23391",
                    "meta:xdmField": "xdm:joinDate",
                    "meta:xdmType": "date"
                },
                "points": {
                    "title": "Program Points Balance",
                    "type": "number",
                    "description": "Current balance of the loyalty points/awards in a visitor's loyalty account.",
                    "meta:titleId": "profile-loyalty-details##xdm:points##title##69591",
                    "meta:descriptionId": "profile-loyalty-details##xdm:points##description##21771",
                    "meta:xdmField": "xdm:points",
                    "meta:xdmType": "number"
                },
                "tier": {
                    "title": "Tier",
                    "type": "string",
                    "description": "Captures the loyalty progam tier in which a visitor is enrolled.",
                    "enum": [
                        "bronze",
                        "silver",
                        "gold",
                        "platinum"
                    ],
                    "meta:enum": {
                        "bronze": "Bronze",
                        "silver": "Silver",
                        "gold": "Gold",
                        "platinum": "Platinum"
                    },
                    "meta:titleId": "profile-loyalty-details##xdm:tier##title##75921",
                    "meta:descriptionId": "profile-loyalty-details##xdm:tier##description##54761",
                    "meta:xdmField": "xdm:tier",
                    "meta:xdmType": "string"
                }
            }
        }
    },
    "imsOrg": "A1B2C3D4E5F6A7B8C9D0E1F2@AdobeOrg",
    "$schema": "http://json-schema.org/draft-06/schema#",
    "meta:extensible": false,
    "meta:abstract": false,
    "meta:extends": [
        "https://ns.adobe.com/xdm/context/profile",
        "https://ns.adobe.com/xdm/data/record",
        "https://ns.adobe.com/xdm/context/identitymap",
        "https://ns.adobe.com/xdm/common/extensible",
        "https://ns.adobe.com/xdm/common/auditable",
        "https://ns.adobe.com/xdm/context/profile-personal-details",
        "https://ns.adobe.com/xdm/context/profile-person-details",
        "https://ns.adobe.com/xdm/mixins/profile/profile-loyalty-details",
        "https://ns.adobe.com/xdm/common/external-source-system-audit-details",
        "https://ns.adobe.com/techmarketingdemos/mixins/4f1e8b2a6c9d3e7f0a5b8c1d4e7f2a9b",
        "https://ns.adobe.com/xdm/context/person",
        "https://ns.adobe.com/xdm/context/person-name",
        "https://ns.adobe.com/xdm/common/address",
        "https://ns.adobe.com/xdm/common/external-source-system-audit",
        "https://ns.adobe.com/xdm/context/identityitem"
    ],
    "meta:xdmType": "object",
    "meta:registryMetadata": {
        "repo:createdDate": 1623855120377,
        "repo:lastModifiedDate": 1624291847210,
        "xdm:createdClientId": "exc_app",
        "xdm:lastModifiedClientId": "exc_app",
        "xdm:createdUserId": "7C3E1A2B5F8D4E6A9B0C1D2E@AdobeID",
        "xdm:lastModifiedUserId": "7C3E1A2B5F8D4E6A9B0C1D2E@AdobeID",
        "eTag": "2d8f0b4c6e1a3c5e7a9b1d3f5a7c9e0b2d4f6a8c0e2b4d6f8a1c3e5b7d9f0a2c",
        "meta:globalLibVersion": "1.52.2"
    },
    "meta:class": "https://ns.adobe.com/xdm/context/profile",
    "meta:containerId": "tenant",
    "meta:sandboxId": "5f0c7d3e-9a1b-4c2d-8e6f-3a7b9c1d5e2f",
    "meta:sandboxType": "development",
    "meta:immutableTags": [
        "union"
    ],
    "meta:tenantNamespace": "_techmarketingdemos",
    "descriptors": [
        {
            "@id": "5a7c9e1b3d5f7a9c0e2b4d6f8a0c2e4b6d8f0a1c",
            "@type": "xdm:descriptorIdentity",
            "xdm:sourceSchema": "https://ns.adobe.com/techmarketingdemos/schemas/0b5e2c8f4a7d1e9b3c6f8a2d5e7b9c1a",
            "xdm:sourceVersion": 1,
            "xdm:sourceProperty": "/_techmarketingdemos/systemIdentifier/loyaltyId",
            "xdm:namespace": "lumaLoyaltyId",
            "xdm:property": "xdm:code",
            "xdm:isPrimary": true,
            "meta:containerId": "tenant"
        },
        {
            "@id": "c4e6a8b0d2f4a6c8e0b2d4f6a8c0e2b4d6f8a0c2",
            "@type": "xdm:descriptorIdentity",
            "xdm:sourceSchema": "https://ns.adobe.com/techmarketingdemos/schemas/0b5e2c8f4a7d1e9b3c6f8a2d5e7b9c1a",
            "xdm:sourceVersion": 1,
            "xdm:sourceProperty": "/_techmarketingdemos/systemIdentifier/crmId",
            "xdm:namespace": "lumaCrmId",
            "xdm:property": "xdm:code",
            "xdm:isPrimary": false,
            "meta:containerId": "tenant"
        }
    ]
}

"""#
        ),
        (
            "schemas/luma-offline-purchases.json",
            #"""
{
    "$id": "https://ns.adobe.com/techmarketingdemos/schemas/9d3f7a1c5e8b2d4f6a0c3e7b1d5f9a2c",
    "meta:altId": "_techmarketingdemos.schemas.9d3f7a1c5e8b2d4f6a0c3e7b1d5f9a2c",
    "meta:resourceType": "schemas",
    "version": "1.2",
    "title": "Luma Offline Purchase Events Schema",
    "type": "object",
    "description": "Schema for offline (in-store) purchase events of Luma Retail",
    "properties": {
        "_techmarketingdemos": {
            "type": "object",
            "meta:xdmType": "object",
            "properties": {
                "systemIdentifier": {
                    "title": "System Identifier",
                    "description": "System identifiers for Luma's source systems.",
                    "type": "object",
                    "meta:xdmType": "object",
                    "properties": {
                        "loyaltyId": {
                            "title": "Loyalty Id",
                            "type": "integer",
                            "minimum": -2147483648,
                            "maximum": 2147483647,
                            "meta:xdmType": "int"
                        }
                    }
                }
            }
        },
        "identityMap": {
            "title": "Identity Map",
            "description": "Defines a map containing a set of end user identities, keyed on either namespace integration code or the namespace ID of the identity. Within each namespace, the identity is unique. The values of the map are an array, meaning that more than one identity of each namespace may be carried.",
            "type": "object",
            "meta:xdmType": "map",
            "meta:xdmField": "xdm:identityMap",
            "additionalProperties": {
                "type": "array",
                "meta:xdmType": "array",
                "items": {
                    "title": "Identity",
                    "description": "Identity is used to clearly distinguish people that are interacting with digital experiences.",
                    "type": "object",
                    "meta:xdmType": "object",
                    "meta:referencedFrom": "https://ns.adobe.com/xdm/context/identityitem",
                    "properties": {
                        "id": {
                            "title": "Identifier",
                            "type": "string",
                            "description": "Identity of the consumer in the related namespace.",
                            "meta:xdmField": "xdm:id",
                            "meta:xdmType": "string"
                        },
                        "authenticatedState": {
                            "title": "Authenticated state",
                            "description": "The state this identity is authenticated as for this observed ExperienceEvent.",
                            "type": "string",
                            "default": "ambiguous",
                            "enum": [
                                "ambiguous",
                                "authenticated",
                                "loggedOut"
                            ],
                            "meta:enum": {
                                "ambiguous": "Ambiguous",
                                "authenticated": "User identified by a login or similar action that was valid at the time of the event observation.",
                                "loggedOut": "User was identified by a login action at some point of time previously, but is not currently logged in."
                            },
                            "meta:xdmField": "xdm:authenticatedState",
                            "meta:xdmType": "string"
                        },
                        "primary": {
                            "title": "Primary",
                            "type": "boolean",
                            "default": false,
                            "description": "Indicates this identity is the preferred identity. Is used as a hint to help systems better organize how identities are queried.",
                            "meta:xdmField": "xdm:primary",
                            "meta:xdmType": "boolean"
                        }
                    }
                }
            }
        },
        "_id": {
            "title": "Identifier",
            "type": "string",
            "format": "uri-reference",
            "description": "A unique identifier for the time-series event.",
            "meta:xdmField": "@id",
            "meta:xdmType": "string"
        },
        "timestamp": {
            "title": "Timestamp",
            "type": "string",
            "format": "date-time",
            "description": "The time when an event or observation occurred.",
            "meta:xdmField": "xdm:timestamp",
            "meta:xdmType": "date-time"
        },
        "eventType": {
            "title": "Event Type",
            "type": "string",
            "description": "The primary event type for this time-series record.",
            "meta:enum": {
                "commerce.checkouts": "Commerce Checkouts",
                "commerce.productListAdds": "Commerce Product List Adds",
                "commerce.productListRemovals": "Commerce Product List Removals",
                "commerce.productViews": "Commerce Product Views",
                "commerce.purchases": "Commerce Purchases",
                "web.webpagedetails.pageViews": "Web Webpagedetails Page Views"
            },
            "meta:xdmField": "xdm:eventType",
            "meta:xdmType": "string"
        },
        "commerce": {
            "title": "Commerce",
            "description": "Product returns, warranty registration, and shopping cart/order process.",
            "meta:xdmField": "xdm:commerce",
            "type": "object",
            "meta:xdmType": "object",
            "meta:referencedFrom": "https://ns.adobe.com/xdm/context/commerce",
            "properties": {
                "order": {
                    "title": "Order",
                    "description": "The placed order for one or more products.",
                    "meta:xdmField": "xdm:order",
                    "type": "object",
                    "meta:xdmType": "object",
                    "meta:referencedFrom": "https://ns.adobe.com/xdm/data/order",
                    "properties": {
                        "purchaseID": {
                            "title": "Purchase ID",
                            "type": "string",
                            "description": "Unique identifier assigned by the seller for this purchase or contract. There is no guarantee that the ID is unique.",
                            "meta:titleId": "order##xdm:purchaseID##title##55591",
                            "meta:descriptionId": "order##xdm:purchaseID##description##70271",
                            "meta:xdmField": "xdm:purchaseID",
                            "meta:xdmType": "string"
                        },
                        "priceTotal": {
                            "title": "Price Total",
                            "type": "number",
                            "description": "The total price of this order after all discounts and taxes have been applied.",
                            "meta:titleId": "order##xdm:priceTotal##title##86151",
                            "meta:descriptionId": "order##xdm:priceTotal##description##47781",
                            "meta:xdmField": "xdm:priceTotal",
                            "meta:xdmType": "number"
                        },
                        "currencyCode": {
                            "title": "Currency",
                            "type": "string",
                            "examples": [
                                "USD",
                                "EUR"
                            ],
                            "pattern": "^[A-Z]{3}$",
                            "description": "The ISO 4217 currency code used for the order totals.",
                            "meta:titleId": "order##xdm:currencyCode##title##81771",
                            "meta:descriptionId": "order##xdm:currencyCode##description##51121",
                            "meta:xdmField": "xdm:currencyCode",
                            "meta:xdmType": "string"
                        }
                    }
                },
                "purchases": {
                    "title": "Purchases",
                    "description": "An order has been accepted. Purchase is the only required action in a commerce conversion. Purchase must have a product list referenced.",
                    "meta:xdmField": "xdm:purchases",
                    "type": "object",
                    "meta:xdmType": "object",
                    "meta:referencedFrom": "https://ns.adobe.com/xdm/data/measure",
                    "required": [
                        "value"
                    ],
                    "properties": {
                        "id": {
                            "title": "Unique Identifier",
                            "type": "string",
                            "description": "Unique identifier of the measure.",
                            "meta:xdmField": "xdm:id",
                            "meta:xdmType": "string"
                        },
                        "value": {
                            "type": "number",
                            "description": "The quantifiable value of this measure.",
                            "meta:descriptionId": "measure##xdm:value##description##88071",
                            "meta:xdmField": "xdm:value",
                            "meta:xdmType": "number"
                        }
                    }
                }
            }
        },
        "productListItems": {
            "title": "Product list items",
            "type": "array",
            "description": "A list of items representing a product selected by a customer with specific options and pricing that are for that usage context at a specific point of time and may differ from the product record.",
            "meta:titleId": "experienceevent-commerce##xdm:productListItems##title##38781",
            "meta:descriptionId": "experienceevent-commerce##xdm:productListItems##description##34691",
            "meta:xdmField": "xdm:productListItems",
            "meta:xdmType": "array",
            "items": {
                "title": "Product list item",
                "description": "The product list item represents a product selected by a customer with specific options, pricing, usage context for a specific point of time and may differ from the product record.",
                "type": "object",
                "meta:xdmType": "object",
                "meta:referencedFrom": "https://ns.adobe.com/xdm/content/productlistitem",
                "properties": {
                    "SKU": {
                        "title": "SKU",
                        "type": "string",
                        "description": "Stock keeping unit (SKU), the unique identifier for a product defined by the vendor.",
                        "meta:titleId": "productlistitem##xdm:SKU##title##38501",
                        "meta:descriptionId": "productlistitem##xdm:SKU##description##16501",
                        "meta:xdmField": "xdm:SKU",
                        "meta:xdmType": "string"
                    },
                    "name": {
                        "title": "Name",
                        "type": "string",
                        "description": "The display name for the product as presented to the user for this product view.",
                        "meta:titleId": "productlistitem##xdm:name##title##6621",
                        "meta:descriptionId": "productlistitem##xdm:name##description##11111",
                        "meta:xdmField": "xdm:name",
                        "meta:xdmType": "string"
                    },
                    "quantity": {
                        "title": "Quantity",
                        "type": "integer",
                        "description": "The number of units the customer has indicated they require of the product.",
                        "meta:titleId": "productlistitem##xdm:quantity##title##31861",
                        "meta:descriptionId": "productlistitem##xdm:quantity##description##51001",
                        "meta:xdmField": "xdm:quantity",
                        "meta:xdmType": "int"
                    },
                    "priceTotal": {
                        "title": "Price total",
                        "type": "number",
                        "description": "The total price for the product line item.",
                        "meta:titleId": "productlistitem##xdm:priceTotal##title##85341",
                        "meta:descriptionId": "productlistitem##xdm:priceTotal##description##23221",
                        "meta:xdmField": "xdm:priceTotal",
                        "meta:xdmType": "number"
                    }
                },
                "required": [
                    "SKU"
                ]
            }
        }
    },
    "required": [
        "_id",
        "timestamp"
    ],
    "imsOrg": "A1B2C3D4E5F6A7B8C9D0E1F2@AdobeOrg",
    "$schema": "http://json-schema.org/draft-06/schema#",
    "meta:extensible": false,
    "meta:abstract": false,
    "meta:extends": [
        "https://ns.adobe.com/xdm/context/experienceevent",
        "https://ns.adobe.com/xdm/data/time-series",
        "https://ns.adobe.com/xdm/context/identitymap",
        "https://ns.adobe.com/xdm/common/extensible",
        "https://ns.adobe.com/xdm/context/experienceevent-commerce",
        "https://ns.adobe.com/techmarketingdemos/mixins/c2a7e5f9b1d4a8c3e6f0b2d5a9c7e1f4",
        "https://ns.adobe.com/xdm/context/commerce",
        "https://ns.adobe.com/xdm/data/order",
        "https://ns.adobe.com/xdm/data/measure",
        "https://ns.adobe.com/xdm/content/productlistitem",
        "https://ns.adobe.com/xdm/context/identityitem"
    ],
    "meta:xdmType": "object",
    "meta:registryMetadata": {
        "repo:createdDate": 1623864380519,
        "repo:lastModifiedDate": 1624460722083,
        "xdm:createdClientId": "exc_app",
        "xdm:lastModifiedClientId": "exc_app",
        "xdm:createdUserId": "7C3E1A2B5F8D4E6A9B0C1D2E@AdobeID",
        "xdm:lastModifiedUserId": "7C3E1A2B5F8D4E6A9B0C1D2E@AdobeID",
        "eTag": "e7a1c3f5b9d0e2a4c6f8b1d3e5a7c9f0b2d4e6a8c1f3b5d7e9a0c2f4b6d8e1a3",
        "meta:globalLibVersion": "1.52.2"
    },
    "meta:class": "https://ns.adobe.com/xdm/context/experienceevent",
    "meta:containerId": "tenant",
    "meta:sandboxId": "5f0c7d3e-9a1b-4c2d-8e6f-3a7b9c1d5e2f",
    "meta:sandboxType": "development",
    "meta:immutableTags": [
        "union"
    ],
    "meta:tenantNamespace": "_techmarketingdemos",
    "descriptors": [
        {
            "@id": "f0a2c4e6b8d1f3a5c7e9b0d2f4a6c8e1b3d5f7a9",
            "@type": "xdm:descriptorIdentity",
            "xdm:sourceSchema": "https://ns.adobe.com/techmarketingdemos/schemas/9d3f7a1c5e8b2d4f6a0c3e7b1d5f9a2c",
            "xdm:sourceVersion": 1,
            "xdm:sourceProperty": "/_techmarketingdemos/systemIdentifier/loyaltyId",
            "xdm:namespace": "lumaLoyaltyId",
            "xdm:property": "xdm:code",
            "xdm:isPrimary": true,
            "meta:containerId": "tenant"
        }
    ]
}

"""#
        ),
        (
            "schemas/luma-web-events.xml",
            #"""
<?xml version="1.0" encoding="UTF-8"?>
<!-- Luma website events collected with the Web SDK: an ECID on every event, and the CRM id once the
     visitor logs in, both in identityMap. -->
<schema id="luma-web-events" class="experienceevent" title="Luma Web Events">
  <field path="_id" type="string" required="true"/>
  <field path="timestamp" type="string" format="date-time" required="true"/>
  <field path="eventType" type="string"/>
  <field path="web.webPageDetails.name" type="string"/>
  <field path="web.webPageDetails.URL" type="string" format="uri"/>
  <field path="commerce.productViews.value" type="number"/>
  <field path="commerce.productListAdds.value" type="number"/>
  <field path="commerce.checkouts.value" type="number"/>
  <field path="productListItems" type="array" items="object"/>
  <field path="productListItems.SKU" type="string"/>
  <field path="productListItems.name" type="string"/>
  <field path="productListItems.quantity" type="integer" minimum="0"/>
  <field path="productListItems.priceTotal" type="number" minimum="0"/>
  <field path="device.type" type="string"><enum>desktop</enum><enum>mobile</enum><enum>tablet</enum></field>
</schema>

"""#
        ),
        (
            "segments/cart-abandoners.json",
            #"""
{
  "id": "cart-abandoners",
  "name": "Cart abandoners (last 7 days)",
  "description": "Added to cart online in the last week, then bought nothing.",
  "expression": {
    "type": "PQL",
    "format": "pql/text",
    "value": "chain(xEvent, timestamp, [A: WHAT(eventType = \"commerce.productListAdds\") WHEN(<= 7 days before now)]) and not (xEvent[eventType = \"commerce.purchases\" and timestamp occurs <= 7 days before now].count() > 0)"
  },
  "mergePolicyId": "default"
}

"""#
        ),
        (
            "segments/email-reachable.pql",
            #"""
personalEmail.address.isNotNull() and consents.marketing.email.val in ["y", "dy"]

"""#
        ),
        (
            "segments/gold-members.json",
            #"""
{
  "id": "gold-members",
  "name": "Gold and platinum loyalty members",
  "description": "Members in the two top loyalty tiers.",
  "expression": {
    "type": "PQL",
    "format": "pql/text",
    "value": "loyalty.tier in [\"gold\", \"platinum\"]"
  },
  "schema": { "name": "_xdm.context.profile" },
  "mergePolicyId": "default"
}

"""#
        ),
        (
            "segments/gold-recent-buyers.xml",
            #"""
<?xml version="1.0" encoding="UTF-8"?>
<segment id="gold-recent-buyers" name="Gold members who bought recently" mergePolicyId="loyalty-first">
  <pql><![CDATA[inSegment("gold-members") and inSegment("recent-buyers")]]></pql>
</segment>

"""#
        ),
        (
            "segments/high-value-customers.xml",
            #"""
<?xml version="1.0" encoding="UTF-8"?>
<segment id="high-value-customers" name="High-value customers" mergePolicyId="default">
  <description>Spent more than $500 in stores over the last year.</description>
  <excludeOptOut>true</excludeOptOut>
  <pql>xEvent[eventType = "commerce.purchases" and timestamp occurs &lt;= 365 days before now].sum(commerce.order.priceTotal) &gt; 500</pql>
</segment>

"""#
        ),
        (
            "segments/hoodie-shoppers.json",
            #"""
{
  "id": "hoodie-shoppers",
  "name": "Hoodie shoppers",
  "expression": {
    "type": "PQL",
    "format": "pql/text",
    "value": "xEvent[productListItems[SKU.startsWith(\"LLMH\")]].count() >= 2"
  }
}

"""#
        ),
        (
            "segments/recent-buyers.pql",
            #"""
xEvent[eventType = "commerce.purchases" and timestamp occurs <= 30 days before now].count() > 0

"""#
        ),
        (
            "tests/cart-abandoners.json",
            #"""
{
  "name": "Added to cart in the last week, then bought nothing",
  "asOf": "2026-11-21T00:00:00Z",
  "records": {
    "web-events": [
      { "_id": "ca-1", "timestamp": "2026-11-18T12:00:00Z", "eventType": "commerce.productListAdds",
        "identityMap": {
          "ECID": [ { "id": "11111111111111111111111111111111111111", "primary": true } ],
          "lumaCrmId": [ { "id": "crm-ann", "authenticatedState": "authenticated" } ] },
        "commerce": { "productListAdds": { "value": 1 } },
        "productListItems": [ { "SKU": "24-MB01", "name": "Voyager Day Pack", "quantity": 1 } ] },
      { "_id": "ca-2", "timestamp": "2026-11-18T12:00:00Z", "eventType": "commerce.productListAdds",
        "identityMap": {
          "ECID": [ { "id": "22222222222222222222222222222222222222", "primary": true } ],
          "lumaCrmId": [ { "id": "crm-bob", "authenticatedState": "authenticated" } ] },
        "commerce": { "productListAdds": { "value": 1 } },
        "productListItems": [ { "SKU": "LLMH09", "name": "Abominable Hoodie", "quantity": 1 } ] },
      { "_id": "ca-3", "timestamp": "2026-11-19T08:00:00Z", "eventType": "commerce.purchases",
        "identityMap": { "ECID": [ { "id": "22222222222222222222222222222222222222", "primary": true } ] },
        "productListItems": [ { "SKU": "LLMH09", "name": "Abominable Hoodie", "quantity": 1, "priceTotal": 64.00 } ] },
      { "_id": "ca-4", "timestamp": "2026-11-05T12:00:00Z", "eventType": "commerce.productListAdds",
        "identityMap": {
          "ECID": [ { "id": "33333333333333333333333333333333333333", "primary": true } ],
          "lumaCrmId": [ { "id": "crm-cy", "authenticatedState": "authenticated" } ] },
        "commerce": { "productListAdds": { "value": 1 } },
        "productListItems": [ { "SKU": "24-MB01", "name": "Voyager Day Pack", "quantity": 1 } ] }
    ]
  },
  "expect": [
    { "segment": "cart-abandoners", "members": ["lumaCrmId:crm-ann"] },
    { "segment": "cart-abandoners", "out": ["lumaCrmId:crm-bob", "ECID:33333333333333333333333333333333333333"] }
  ]
}

"""#
        ),
        (
            "tests/email-reachable.xml",
            #"""
<?xml version="1.0" encoding="UTF-8"?>
<!-- Email-reachable: an email address and consent "y" or "dy". The records are the rows of a CRM
     export as it arrives in inbox/dma-crm/: a CSV file with its header. -->
<test name="An email address and consent to email" asOf="2026-11-21T00:00:00Z">
  <records dataset="dma-crm"><![CDATA[CRM ID,First Name,Last Name,Email,Phone,City,Country,Email Consent,Updated
dma-1,Dana,Diaz,dana.diaz@example.com,+1 503-555-0101,Portland,United States,y,2026-10-01T00:00:00Z
dma-2,Eli,Ng,eli.ng@example.com,,Seattle,United States,n,2026-10-01T00:00:00Z
dma-3,Fay,Oh,,+1 503-555-0103,Salem,United States,y,2026-10-01T00:00:00Z
dma-4,Gus,Park,gus.park@example.com,,Eugene,United States,dy,2026-10-01T00:00:00Z
]]></records>
  <expect segment="email-reachable">
    <member>lumaCrmId:dma-1</member>
    <member>Email:gus.park@example.com</member>
  </expect>
  <expect segment="email-reachable">
    <out>lumaCrmId:dma-2</out>
    <out>Phone:+1 503-555-0103</out>
  </expect>
</test>

"""#
        ),
        (
            "tests/gold-members.json",
            #"""
{
  "name": "Gold and platinum loyalty members, and the email export of them",
  "description": "Ann (gold) and the platinum member are in; Bob (silver) is out. Only Ann has an email that consents, so she is the one row exported.",
  "asOf": "2026-11-21T00:00:00Z",
  "records": {
    "crm": [
      {
        "_techmarketingdemos": { "systemIdentifier": { "crmId": "crm-ann" } },
        "person": { "name": { "firstName": "Ann", "lastName": "Lee" } },
        "personalEmail": { "address": "ann.lee@example.com" },
        "homeAddress": { "city": "Portland", "country": "United States" },
        "consents": { "marketing": { "email": { "val": "y" } } },
        "extSourceSystemAudit": { "lastUpdatedDate": "2026-10-01T09:00:00Z" }
      },
      {
        "_techmarketingdemos": { "systemIdentifier": { "crmId": "crm-bob" } },
        "person": { "name": { "firstName": "Bob", "lastName": "Stone" } },
        "personalEmail": { "address": "bob.stone@example.com" },
        "consents": { "marketing": { "email": { "val": "y" } } },
        "extSourceSystemAudit": { "lastUpdatedDate": "2026-10-01T09:00:00Z" }
      }
    ],
    "loyalty": [
      {
        "_techmarketingdemos": { "systemIdentifier": { "loyaltyId": 1001, "crmId": "crm-ann" } },
        "loyalty": { "tier": "gold", "points": 12000 },
        "extSourceSystemAudit": { "lastUpdatedDate": "2026-10-02T09:00:00Z" }
      },
      {
        "_techmarketingdemos": { "systemIdentifier": { "loyaltyId": 1002 } },
        "loyalty": { "tier": "platinum", "points": 30000 }
      },
      {
        "_techmarketingdemos": { "systemIdentifier": { "loyaltyId": 1003, "crmId": "crm-bob" } },
        "loyalty": { "tier": "silver", "points": 800 }
      }
    ]
  },
  "expect": [
    { "segment": "gold-members", "members": ["lumaLoyaltyId:1001", "lumaLoyaltyId:1002"] },
    { "segment": "gold-members", "in": ["Email:Ann.Lee@Example.com"], "out": ["lumaCrmId:crm-bob"] },
    {
      "destination": "email-sftp",
      "rows": [ { "first_name": "Ann", "last_name": "Lee", "tier": "gold", "city": "Portland" } ]
    }
  ]
}

"""#
        ),
        (
            "tests/gold-recent-buyers.json",
            #"""
{
  "name": "Gold members who bought in the last 30 days (loyalty-first merge policy)",
  "asOf": "2026-11-21T00:00:00Z",
  "records": {
    "loyalty": [
      { "_techmarketingdemos": { "systemIdentifier": { "loyaltyId": 4001 } }, "loyalty": { "tier": "gold" } },
      { "_techmarketingdemos": { "systemIdentifier": { "loyaltyId": 4002 } }, "loyalty": { "tier": "platinum" } },
      { "_techmarketingdemos": { "systemIdentifier": { "loyaltyId": 4003 } }, "loyalty": { "tier": "silver" } }
    ],
    "offline-purchases": [
      { "_id": "gr-1", "timestamp": "2026-11-16T10:00:00Z", "eventType": "commerce.purchases",
        "_techmarketingdemos": { "systemIdentifier": { "loyaltyId": 4001 } },
        "commerce": { "order": { "purchaseID": "G-1", "priceTotal": 80.00 }, "purchases": { "value": 1 } } },
      { "_id": "gr-2", "timestamp": "2026-09-22T10:00:00Z", "eventType": "commerce.purchases",
        "_techmarketingdemos": { "systemIdentifier": { "loyaltyId": 4002 } },
        "commerce": { "order": { "purchaseID": "G-2", "priceTotal": 80.00 }, "purchases": { "value": 1 } } },
      { "_id": "gr-3", "timestamp": "2026-11-16T10:00:00Z", "eventType": "commerce.purchases",
        "_techmarketingdemos": { "systemIdentifier": { "loyaltyId": 4003 } },
        "commerce": { "order": { "purchaseID": "G-3", "priceTotal": 80.00 }, "purchases": { "value": 1 } } }
    ]
  },
  "expect": [
    { "segment": "gold-recent-buyers", "members": ["lumaLoyaltyId:4001"] },
    { "segment": "gold-recent-buyers", "out": ["lumaLoyaltyId:4002", "lumaLoyaltyId:4003"] }
  ]
}

"""#
        ),
        (
            "tests/high-value-customers.json",
            #"""
{
  "name": "More than $500 in stores over the last year",
  "asOf": "2026-11-21T00:00:00Z",
  "records": {
    "offline-purchases": [
      { "_id": "hv-1", "timestamp": "2026-03-01T10:00:00Z", "eventType": "commerce.purchases",
        "_techmarketingdemos": { "systemIdentifier": { "loyaltyId": 3001 } },
        "commerce": { "order": { "purchaseID": "H-1", "priceTotal": 300.00, "currencyCode": "USD" }, "purchases": { "value": 1 } } },
      { "_id": "hv-2", "timestamp": "2026-11-01T10:00:00Z", "eventType": "commerce.purchases",
        "_techmarketingdemos": { "systemIdentifier": { "loyaltyId": 3001 } },
        "commerce": { "order": { "purchaseID": "H-2", "priceTotal": 250.00, "currencyCode": "USD" }, "purchases": { "value": 1 } } },
      { "_id": "hv-3", "timestamp": "2025-10-01T10:00:00Z", "eventType": "commerce.purchases",
        "_techmarketingdemos": { "systemIdentifier": { "loyaltyId": 3002 } },
        "commerce": { "order": { "purchaseID": "H-3", "priceTotal": 900.00, "currencyCode": "USD" }, "purchases": { "value": 1 } } },
      { "_id": "hv-4", "timestamp": "2026-11-01T10:00:00Z", "eventType": "commerce.purchases",
        "_techmarketingdemos": { "systemIdentifier": { "loyaltyId": 3003 } },
        "commerce": { "order": { "purchaseID": "H-4", "priceTotal": 400.00, "currencyCode": "USD" }, "purchases": { "value": 1 } } }
    ]
  },
  "expect": [
    { "segment": "high-value-customers", "in": ["lumaLoyaltyId:3001"], "out": ["lumaLoyaltyId:3002", "lumaLoyaltyId:3003"] }
  ]
}

"""#
        ),
        (
            "tests/hoodie-shoppers.json",
            #"""
{
  "name": "Two or more hoodie events",
  "asOf": "2026-11-21T00:00:00Z",
  "records": {
    "web-events": [
      { "_id": "hs-1", "timestamp": "2026-11-10T10:00:00Z", "eventType": "commerce.productViews",
        "identityMap": { "ECID": [ { "id": "44444444444444444444444444444444444444", "primary": true } ] },
        "productListItems": [ { "SKU": "LLMH01", "name": "Mars HeatTech Pullover" } ] },
      { "_id": "hs-2", "timestamp": "2026-11-10T10:05:00Z", "eventType": "commerce.productListAdds",
        "identityMap": { "ECID": [ { "id": "44444444444444444444444444444444444444", "primary": true } ] },
        "productListItems": [ { "SKU": "LLMH09", "name": "Abominable Hoodie", "quantity": 1 } ] },
      { "_id": "hs-3", "timestamp": "2026-11-10T11:00:00Z", "eventType": "commerce.productViews",
        "identityMap": { "ECID": [ { "id": "55555555555555555555555555555555555555", "primary": true } ] },
        "productListItems": [ { "SKU": "LLMH01", "name": "Mars HeatTech Pullover" } ] },
      { "_id": "hs-4", "timestamp": "2026-11-10T11:05:00Z", "eventType": "commerce.productViews",
        "identityMap": { "ECID": [ { "id": "55555555555555555555555555555555555555", "primary": true } ] },
        "productListItems": [ { "SKU": "LLMS02", "name": "Helix CoolWeave Tee" } ] }
    ]
  },
  "expect": [
    { "segment": "hoodie-shoppers", "members": ["ECID:44444444444444444444444444444444444444"] }
  ]
}

"""#
        ),
        (
            "tests/recent-buyers.xml",
            #"""
<?xml version="1.0" encoding="UTF-8"?>
<!-- Recent buyers: a store purchase in the 30 days before the as-of time. The records are the
     lines of an offline-purchases file, written as they arrive in inbox/offline-purchases/. -->
<test name="Store purchases in the last 30 days" asOf="2026-11-21T00:00:00Z">
  <records dataset="offline-purchases"><![CDATA[
{"_id":"rb-1","timestamp":"2026-11-11T15:00:00Z","eventType":"commerce.purchases","_techmarketingdemos":{"systemIdentifier":{"loyaltyId":2001}},"commerce":{"order":{"purchaseID":"T-1","priceTotal":49.00,"currencyCode":"USD"},"purchases":{"value":1}},"productListItems":[{"SKU":"LLMS02","name":"Helix CoolWeave Tee","quantity":1,"priceTotal":49.00}]}
{"_id":"rb-2","timestamp":"2026-10-12T15:00:00Z","eventType":"commerce.purchases","_techmarketingdemos":{"systemIdentifier":{"loyaltyId":2002}},"commerce":{"order":{"purchaseID":"T-2","priceTotal":19.99,"currencyCode":"USD"},"purchases":{"value":1}},"productListItems":[{"SKU":"24-UG01","name":"Kinetic Resistance Band","quantity":1,"priceTotal":19.99}]}
{"_id":"rb-3","timestamp":"2026-11-20T23:00:00Z","eventType":"commerce.purchases","_techmarketingdemos":{"systemIdentifier":{"loyaltyId":2003}},"commerce":{"order":{"purchaseID":"T-3","priceTotal":5.00,"currencyCode":"USD"},"purchases":{"value":1}},"productListItems":[{"SKU":"24-UG02","name":"Sprite Yoga Strap","quantity":1,"priceTotal":5.00}]}
]]></records>
  <!-- 10 days and 1 hour before the as-of time: in; 40 days before: out. -->
  <expect segment="recent-buyers">
    <in>lumaLoyaltyId:2001</in>
    <in>lumaLoyaltyId:2003</in>
    <out>lumaLoyaltyId:2002</out>
  </expect>
  <expect segment="recent-buyers">
    <members>
      <member>lumaLoyaltyId:2001</member>
      <member>lumaLoyaltyId:2003</member>
    </members>
  </expect>
</test>

"""#
        ),
    ]
}
