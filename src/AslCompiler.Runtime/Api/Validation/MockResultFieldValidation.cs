using System;
using System.Collections.Generic;
using System.Linq;
using AslCompiler.Runtime.Json;

namespace AslCompiler.Runtime.Api.Validation;

/// <summary>
/// TestState's <c>mock.fieldValidationMode</c>: a mocked Task result is checked against the response shape of the
/// service API the resource calls. STRICT also requires the shape's required members; PRESENT checks only the
/// members present; members the shape does not know are accepted in both. Resources whose shape is not known here
/// are not checked. Shapes follow the services' published API models for the members they constrain.
/// </summary>
internal static class MockResultFieldValidation
{
    private const int MaxDepth = 64;

    private static readonly Dictionary<string, FieldShape> Responses = BuildResponses();

    /// <summary>The first problem with <paramref name="result"/> for <paramref name="resource"/>'s API, or null.</summary>
    public static string? Check(string resource, JsonValue result, bool strict)
    {
        var key = resource.EndsWith(".waitForTaskToken", StringComparison.Ordinal) ? resource[..^".waitForTaskToken".Length] : resource;
        if (!Responses.TryGetValue(key, out var shape))
        {
            return null;
        }

        return Check(shape, result, null, strict, 0);
    }

    private static string? Check(FieldShape shape, JsonValue value, string? name, bool strict, int depth)
    {
        if (depth > MaxDepth)
        {
            return "Field '" + name + "' is nested too deeply";
        }

        switch (shape.Kind)
        {
            case ShapeKind.Any:
                return null;
            case ShapeKind.String:
            case ShapeKind.Blob:
            case ShapeKind.Timestamp:
                if (!value.TryGetString(out var text))
                {
                    return "Field '" + name + "' must be a string";
                }

                if (shape.Min is { } minLength && text.Length < minLength)
                {
                    return "Field '" + name + "' is smaller than the minimum length";
                }

                if (shape.Max is { } maxLength && text.Length > maxLength)
                {
                    return "Field '" + name + "' is larger than the maximum length";
                }

                if (shape.Values is { } values && !values.Contains(text, StringComparer.Ordinal))
                {
                    return "Field '" + name + "' is not an expected value";
                }

                return null;
            case ShapeKind.Integer:
            case ShapeKind.Number:
                if (!value.TryGetDouble(out var number))
                {
                    return "Field '" + name + "' must be a number";
                }

                if (shape.Kind == ShapeKind.Integer && !value.TryGetInt64(out _))
                {
                    return "Field '" + name + "' must be an integer";
                }

                if (shape.Min is { } min && number < min)
                {
                    return "Field '" + name + "' is less than the minimum value";
                }

                if (shape.Max is { } max && number > max)
                {
                    return "Field '" + name + "' exceeds the maximum value";
                }

                return null;
            case ShapeKind.Boolean:
                return value.Kind == JsonKind.Boolean ? null : "Field '" + name + "' must be a boolean";
            case ShapeKind.List:
                if (!value.TryGetArray(out var items))
                {
                    return "Field '" + name + "' must be an array";
                }

                foreach (var item in items)
                {
                    if (Check(shape.Element!, item, name, strict, depth + 1) is { } problem)
                    {
                        return problem;
                    }
                }

                return null;
            case ShapeKind.Map:
                if (!value.TryGetObject(out var entries))
                {
                    return "Field '" + name + "' must be an object";
                }

                foreach (var (key, entry) in entries)
                {
                    if (Check(shape.Element!, entry, key, strict, depth + 1) is { } problem)
                    {
                        return problem;
                    }
                }

                return null;
            default:
                if (!value.TryGetObject(out var members))
                {
                    return name is null ? "The mocked result must be a JSON object" : "Field '" + name + "' must be an object";
                }

                if (strict)
                {
                    foreach (var required in shape.Required)
                    {
                        if (!members.ContainsKey(required))
                        {
                            return "Required field '" + required + "' is missing";
                        }
                    }
                }

                foreach (var (member, memberValue) in members)
                {
                    if (shape.Members!.TryGetValue(member, out var memberShape) && Check(memberShape, memberValue, member, strict, depth + 1) is { } problem)
                    {
                        return problem;
                    }
                }

                return null;
        }
    }

    private static Dictionary<string, FieldShape> BuildResponses()
    {
        const string Optimized = "arn:aws:states:::";
        const string Sdk = "arn:aws:states:::aws-sdk:";
        var capacity = Struct(("TableName", Str()), ("CapacityUnits", Num()), ("ReadCapacityUnits", Num()), ("WriteCapacityUnits", Num()), ("Table", Struct(("CapacityUnits", Num()), ("ReadCapacityUnits", Num()), ("WriteCapacityUnits", Num()))));
        var itemCollectionMetrics = Struct(("ItemCollectionKey", MapOf(Any())), ("SizeEstimateRangeGB", ListOf(Num())));
        var dynamoWrite = Struct(("Attributes", MapOf(Any())), ("ConsumedCapacity", capacity), ("ItemCollectionMetrics", itemCollectionMetrics));
        var lambdaInvoke = Struct(("StatusCode", Int()), ("FunctionError", Str()), ("LogResult", Str()), ("Payload", Any()), ("ExecutedVersion", Str(1, 1024)));
        var startExecution = Struct(("ExecutionArn!", Str(1, 256)), ("StartDate!", Timestamp()));
        var storageClass = new[] { "STANDARD", "REDUCED_REDUNDANCY", "STANDARD_IA", "ONEZONE_IA", "INTELLIGENT_TIERING", "GLACIER", "DEEP_ARCHIVE", "OUTPOSTS", "GLACIER_IR", "SNOW", "EXPRESS_ONEZONE", "FSX_OPENZFS" };
        var functionConfiguration = Struct(
            ("FunctionName", Str(1, 170)),
            ("FunctionArn", Str()),
            ("Runtime", Str()),
            ("Role", Str()),
            ("Handler", Str(0, 128)),
            ("CodeSize", Int()),
            ("Description", Str(0, 256)),
            ("Timeout", Int(1, null)),
            ("MemorySize", Int(128, 10240)),
            ("LastModified", Str()),
            ("CodeSha256", Str()),
            ("Version", Str(1, 1024)),
            ("State", Enum("Pending", "Active", "Inactive", "Failed")),
            ("PackageType", Enum("Zip", "Image")),
            ("Architectures", ListOf(Enum("x86_64", "arm64"))),
            ("EphemeralStorage", Struct(("Size!", Int(512, 10240)))));
        return new Dictionary<string, FieldShape>(StringComparer.Ordinal)
        {
            [Optimized + "lambda:invoke"] = lambdaInvoke,
            [Optimized + "states:startExecution"] = startExecution,
            [Optimized + "dynamodb:putItem"] = dynamoWrite,
            [Optimized + "dynamodb:updateItem"] = dynamoWrite,
            [Optimized + "dynamodb:deleteItem"] = dynamoWrite,
            [Optimized + "dynamodb:getItem"] = Struct(("Item", MapOf(Any())), ("ConsumedCapacity", capacity)),
            [Optimized + "events:putEvents"] = Struct(("FailedEntryCount", Int()), ("Entries", ListOf(Struct(("EventId", Str()), ("ErrorCode", Str()), ("ErrorMessage", Str()))))),
            [Optimized + "sqs:sendMessage"] = Struct(("MD5OfMessageBody", Str()), ("MD5OfMessageAttributes", Str()), ("MD5OfMessageSystemAttributes", Str()), ("MessageId", Str()), ("SequenceNumber", Str())),
            [Optimized + "sns:publish"] = Struct(("MessageId", Str()), ("SequenceNumber", Str())),
            [Sdk + "lambda:invoke"] = lambdaInvoke,
            [Sdk + "lambda:getFunction"] = Struct(
                ("Configuration", functionConfiguration),
                ("Code", Struct(("RepositoryType", Str()), ("Location", Str()), ("ImageUri", Str()), ("ResolvedImageUri", Str()))),
                ("Tags", MapOf(Str())),
                ("Concurrency", Struct(("ReservedConcurrentExecutions", Int(0, null))))),
            [Sdk + "kms:encrypt"] = Struct(("CiphertextBlob", Blob(1, 6144)), ("KeyId", Str(1, 2048)), ("EncryptionAlgorithm", Enum("SYMMETRIC_DEFAULT", "RSAES_OAEP_SHA_1", "RSAES_OAEP_SHA_256", "SM2PKE"))),
            [Sdk + "kms:decrypt"] = Struct(("KeyId", Str(1, 2048)), ("Plaintext", Blob(1, 4096)), ("EncryptionAlgorithm", Enum("SYMMETRIC_DEFAULT", "RSAES_OAEP_SHA_1", "RSAES_OAEP_SHA_256", "SM2PKE"))),
            [Sdk + "s3:getObject"] = Struct(
                ("Body", Any()),
                ("DeleteMarker", Bool()),
                ("AcceptRanges", Str()),
                ("Expiration", Str()),
                ("Restore", Str()),
                ("LastModified", Timestamp()),
                ("ContentLength", Int()),
                ("ETag", Str()),
                ("MissingMeta", Int()),
                ("VersionId", Str()),
                ("CacheControl", Str()),
                ("ContentDisposition", Str()),
                ("ContentEncoding", Str()),
                ("ContentLanguage", Str()),
                ("ContentRange", Str()),
                ("ContentType", Str()),
                ("WebsiteRedirectLocation", Str()),
                ("ServerSideEncryption", Enum("AES256", "aws:kms", "aws:kms:dsse")),
                ("Metadata", MapOf(Str())),
                ("StorageClass", Enum(storageClass)),
                ("RequestCharged", Enum("requester")),
                ("ReplicationStatus", Enum("COMPLETE", "PENDING", "FAILED", "REPLICA", "COMPLETED")),
                ("PartsCount", Int()),
                ("TagCount", Int()),
                ("ObjectLockMode", Enum("GOVERNANCE", "COMPLIANCE")),
                ("ObjectLockRetainUntilDate", Timestamp()),
                ("ObjectLockLegalHoldStatus", Enum("ON", "OFF")),
                ("BucketKeyEnabled", Bool())),
            [Sdk + "s3:putObject"] = Struct(("ETag", Str()), ("VersionId", Str()), ("ServerSideEncryption", Enum("AES256", "aws:kms", "aws:kms:dsse")), ("BucketKeyEnabled", Bool()), ("Size", Int())),
        };
    }

    private static FieldShape Str(int? min = null, int? max = null) => new(ShapeKind.String) { Min = min, Max = max };

    private static FieldShape Enum(params string[] values) => new(ShapeKind.String) { Values = values };

    private static FieldShape Blob(int? min = null, int? max = null) => new(ShapeKind.Blob) { Min = min, Max = max };

    private static FieldShape Timestamp() => new(ShapeKind.Timestamp);

    private static FieldShape Int(double? min = null, double? max = null) => new(ShapeKind.Integer) { Min = min, Max = max };

    private static FieldShape Num() => new(ShapeKind.Number);

    private static FieldShape Bool() => new(ShapeKind.Boolean);

    private static FieldShape Any() => new(ShapeKind.Any);

    private static FieldShape ListOf(FieldShape element) => new(ShapeKind.List) { Element = element };

    private static FieldShape MapOf(FieldShape element) => new(ShapeKind.Map) { Element = element };

    /// <summary>A structure; a member name ending in <c>!</c> is required.</summary>
    private static FieldShape Struct(params (string Name, FieldShape Shape)[] members)
    {
        var map = new Dictionary<string, FieldShape>(StringComparer.Ordinal);
        var required = new List<string>();
        foreach (var (name, shape) in members)
        {
            var bare = name.TrimEnd('!');
            map[bare] = shape;
            if (bare.Length != name.Length)
            {
                required.Add(bare);
            }
        }

        return new FieldShape(ShapeKind.Structure) { Members = map, Required = required };
    }

    private enum ShapeKind
    {
        Any,
        String,
        Blob,
        Timestamp,
        Integer,
        Number,
        Boolean,
        List,
        Map,
        Structure,
    }

    private sealed record FieldShape(ShapeKind Kind)
    {
        public double? Min { get; init; }

        public double? Max { get; init; }

        public IReadOnlyList<string>? Values { get; init; }

        public FieldShape? Element { get; init; }

        public Dictionary<string, FieldShape>? Members { get; init; }

        public IReadOnlyList<string> Required { get; init; } = [];
    }
}
