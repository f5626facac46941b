using System.Text.Json.Serialization;
using System;

namespace AslCompiler.Runtime.Api;

/// <summary>
/// An error of the Step Functions API. <see cref="ErrorCode"/> is the API's error name (<c>InvalidArn</c>,
/// <c>StateMachineDoesNotExist</c>, ...) and <see cref="StatusCode"/> the HTTP status AWS answers with; each
/// documented error has its own subclass (<see cref="InvalidArnException"/>, ...).
/// </summary>
public class StepFunctionsException : Exception
{
    /// <summary>Creates an error with a code, a message and an HTTP status.</summary>
    /// <param name="errorCode">The API error name, e.g. <c>InvalidArn</c>.</param>
    /// <param name="message">What went wrong, worded as AWS words it.</param>
    /// <param name="statusCode">The HTTP status AWS answers with (400 unless documented otherwise).</param>
    public StepFunctionsException(string errorCode, string message, int statusCode)
        : base(message)
    {
        ArgumentNullException.ThrowIfNull(errorCode);
        ErrorCode = errorCode;
        StatusCode = statusCode;
    }

    /// <summary>The API error name, e.g. <c>StateMachineDoesNotExist</c>.</summary>
    public string ErrorCode { get; }

    /// <summary>The HTTP status AWS answers this error with.</summary>
    public int StatusCode { get; }
}

/// <summary>Why a <see cref="ValidationException"/> was raised, when AWS gives a reason.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<ValidationExceptionReason>))]
public enum ValidationExceptionReason
{
    /// <summary><c>API_DOES_NOT_SUPPORT_LABELED_ARNS</c>: a version or alias ARN was given where only an unqualified ARN is accepted.</summary>
    [System.Text.Json.Serialization.JsonStringEnumMemberName("API_DOES_NOT_SUPPORT_LABELED_ARNS")]
    ApiDoesNotSupportLabeledArns,

    /// <summary><c>MISSING_REQUIRED_PARAMETER</c>: a required parameter is missing.</summary>
    [System.Text.Json.Serialization.JsonStringEnumMemberName("MISSING_REQUIRED_PARAMETER")]
    MissingRequiredParameter,

    /// <summary><c>CANNOT_UPDATE_COMPLETED_MAP_RUN</c>: the Map Run has already finished.</summary>
    [System.Text.Json.Serialization.JsonStringEnumMemberName("CANNOT_UPDATE_COMPLETED_MAP_RUN")]
    CannotUpdateCompletedMapRun,

    /// <summary><c>INVALID_ROUTING_CONFIGURATION</c>: an alias routing configuration is not valid.</summary>
    [System.Text.Json.Serialization.JsonStringEnumMemberName("INVALID_ROUTING_CONFIGURATION")]
    InvalidRoutingConfiguration,
}
