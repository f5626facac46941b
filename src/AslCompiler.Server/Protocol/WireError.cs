using System;
using System.Globalization;
using System.IO;
using System.Text.Json;
using AslCompiler.Runtime.Api;

namespace AslCompiler.Server.Protocol;

/// <summary>
/// An error as AWS JSON 1.0 answers it: an HTTP status and a body <c>{"__type": "InvalidArn", "message": "..."}</c>
/// (plus the error's own members, such as <c>reason</c> or <c>resourceName</c>). SDKs read the error name from
/// <c>__type</c> (or the <c>x-amzn-ErrorType</c> header), and the text from <c>message</c>.
/// </summary>
internal sealed record WireError(int StatusCode, string Type, string? Message)
{
    /// <summary>The HTTP status AWS uses for protocol-level client errors.</summary>
    public const int BadRequest = 400;

    /// <summary>Optional extra members (wire name → string value).</summary>
    public (string Name, string Value)[] Members { get; init; } = [];

    /// <summary>The error type of a request that names no operation of this endpoint.</summary>
    public const string UnknownOperationType = "UnknownOperationException";

    /// <summary>The action named in <c>X-Amz-Target</c> does not exist (or the header is missing).</summary>
    public static WireError UnknownOperation(string? target) =>
        new(BadRequest, UnknownOperationType, target is null ? "Missing X-Amz-Target header." : "Unknown operation: " + target);

    /// <summary>The body declares a content type that is not JSON (AWS JSON 1.0 is <c>application/x-amz-json-1.0</c>).</summary>
    public static WireError UnsupportedMediaType(string contentType) =>
        new(415, "UnsupportedMediaTypeException", "Content-Type '" + contentType + "' is not supported: send application/x-amz-json-1.0.");

    /// <summary>The body is not JSON, or a member has the wrong JSON type.</summary>
    public static WireError Serialization(string message) => new(BadRequest, "SerializationException", message);

    /// <summary>The body is larger than the server accepts.</summary>
    public static WireError TooLarge(long limit) =>
        new(413, "RequestEntityTooLargeException", "Request body is larger than the limit of " + limit.ToString(CultureInfo.InvariantCulture) + " bytes.");

    /// <summary>A bug or an unexpected failure.</summary>
    public static WireError Internal(string message) => new(500, "InternalFailure", message);

    /// <summary>An action this endpoint knows but the API cannot perform yet.</summary>
    public static WireError Unsupported(string message) => new(BadRequest, "UnsupportedOperationException", message);

    /// <summary>An enum member with a value outside its set, worded as AWS's request validation words it.</summary>
    public static WireError EnumValue(string member, WireEnumValueException e) => new(BadRequest, ValidationException.Code,
        "1 validation error detected: Value '" + e.Value + "' at '" + member + "' failed to satisfy constraint: Member must satisfy enum value set: " + e.Allowed);

    /// <summary>A required member of a value type missing from the object at <paramref name="owner"/> (a member path, or empty at the top).</summary>
    public static WireError MissingMember(string owner, string member) => new(BadRequest, ValidationException.Code,
        "1 validation error detected: Value null at '" + (owner.Length == 0 ? member : owner + "." + member) + "' failed to satisfy constraint: Member must not be null");

    /// <summary>The wire form of an API error.</summary>
    public static WireError From(StepFunctionsException e)
    {
        ArgumentNullException.ThrowIfNull(e);
        var error = new WireError(e.StatusCode, e.ErrorCode, e.Message);
        return e switch
        {
            ValidationException { Reason: { } reason } => error with { Members = [("reason", WireName.Of(reason))] },
            ResourceNotFoundException { ResourceName: { } name } => error with { Members = [("resourceName", name)] },
            TooManyTagsException { ResourceName: { } name } => error with { Members = [("resourceName", name)] },
            KmsInvalidStateException { KmsKeyState: { } state } => error with { Members = [("kmsKeyState", state)] },
            _ => error,
        };
    }

    /// <summary>The JSON body.</summary>
    public byte[] ToJson()
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = WireJson.Options.Encoder }))
        {
            writer.WriteStartObject();
            writer.WriteString("__type", Type);
            if (Message is null)
            {
                writer.WriteNull("message");
            }
            else
            {
                writer.WriteString("message", Message);
            }

            foreach (var (name, value) in Members)
            {
                writer.WriteString(name, value);
            }

            writer.WriteEndObject();
        }

        return buffer.ToArray();
    }
}
