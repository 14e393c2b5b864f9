//! IAM policy language: parsing with located errors, matching, conditions, evaluation
//! with explanations, and lint. Knows nothing of Kinesis or S3.
