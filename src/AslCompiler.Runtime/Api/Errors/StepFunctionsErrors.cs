using System;

namespace AslCompiler.Runtime.Api;

/// <summary><c>ActivityAlreadyExists</c> (HTTP 400): Activity already exists. EncryptionConfiguration may not be updated.</summary>
public sealed class ActivityAlreadyExistsException : StepFunctionsException
{
    /// <summary>The API error code, <c>ActivityAlreadyExists</c>.</summary>
    public const string Code = "ActivityAlreadyExists";

    /// <summary>Creates the error.</summary>
    /// <param name="message">What went wrong, worded as AWS words it.</param>
    public ActivityAlreadyExistsException(string message)
        : base(Code, message, 400)
    {
    }
}

/// <summary><c>ActivityDoesNotExist</c> (HTTP 400): The specified activity does not exist.</summary>
public sealed class ActivityDoesNotExistException : StepFunctionsException
{
    /// <summary>The API error code, <c>ActivityDoesNotExist</c>.</summary>
    public const string Code = "ActivityDoesNotExist";

    /// <summary>Creates the error.</summary>
    /// <param name="message">What went wrong, worded as AWS words it.</param>
    public ActivityDoesNotExistException(string message)
        : base(Code, message, 400)
    {
    }
}

/// <summary><c>ActivityLimitExceeded</c> (HTTP 400): The maximum number of activities has been reached. Existing activities must be deleted before a new activity can be created.</summary>
public sealed class ActivityLimitExceededException : StepFunctionsException
{
    /// <summary>The API error code, <c>ActivityLimitExceeded</c>.</summary>
    public const string Code = "ActivityLimitExceeded";

    /// <summary>Creates the error.</summary>
    /// <param name="message">What went wrong, worded as AWS words it.</param>
    public ActivityLimitExceededException(string message)
        : base(Code, message, 400)
    {
    }
}

/// <summary><c>ActivityWorkerLimitExceeded</c> (HTTP 400): The maximum number of workers concurrently polling for activity tasks has been reached.</summary>
public sealed class ActivityWorkerLimitExceededException : StepFunctionsException
{
    /// <summary>The API error code, <c>ActivityWorkerLimitExceeded</c>.</summary>
    public const string Code = "ActivityWorkerLimitExceeded";

    /// <summary>Creates the error.</summary>
    /// <param name="message">What went wrong, worded as AWS words it.</param>
    public ActivityWorkerLimitExceededException(string message)
        : base(Code, message, 400)
    {
    }
}

/// <summary><c>ConflictException</c> (HTTP 409): Updating or deleting a resource can cause an inconsistent state. This error occurs when there're concurrent requests for DeleteStateMachineVersion, PublishStateMachineVersion, or UpdateStateMachine with the publish parameter set to true.</summary>
public sealed class ConflictException : StepFunctionsException
{
    /// <summary>The API error code, <c>ConflictException</c>.</summary>
    public const string Code = "ConflictException";

    /// <summary>Creates the error.</summary>
    /// <param name="message">What went wrong, worded as AWS words it.</param>
    public ConflictException(string message)
        : base(Code, message, 409)
    {
    }
}

/// <summary><c>ExecutionAlreadyExists</c> (HTTP 400): The execution has the same name as another execution (but a different input, or the other one is closed).</summary>
public sealed class ExecutionAlreadyExistsException : StepFunctionsException
{
    /// <summary>The API error code, <c>ExecutionAlreadyExists</c>.</summary>
    public const string Code = "ExecutionAlreadyExists";

    /// <summary>Creates the error.</summary>
    /// <param name="message">What went wrong, worded as AWS words it.</param>
    public ExecutionAlreadyExistsException(string message)
        : base(Code, message, 400)
    {
    }
}

/// <summary><c>ExecutionDoesNotExist</c> (HTTP 400): The specified execution does not exist.</summary>
public sealed class ExecutionDoesNotExistException : StepFunctionsException
{
    /// <summary>The API error code, <c>ExecutionDoesNotExist</c>.</summary>
    public const string Code = "ExecutionDoesNotExist";

    /// <summary>Creates the error.</summary>
    /// <param name="message">What went wrong, worded as AWS words it.</param>
    public ExecutionDoesNotExistException(string message)
        : base(Code, message, 400)
    {
    }
}

/// <summary><c>ExecutionLimitExceeded</c> (HTTP 400): The maximum number of running executions has been reached. Running executions must end or be stopped before a new execution can be started.</summary>
public sealed class ExecutionLimitExceededException : StepFunctionsException
{
    /// <summary>The API error code, <c>ExecutionLimitExceeded</c>.</summary>
    public const string Code = "ExecutionLimitExceeded";

    /// <summary>Creates the error.</summary>
    /// <param name="message">What went wrong, worded as AWS words it.</param>
    public ExecutionLimitExceededException(string message)
        : base(Code, message, 400)
    {
    }
}

/// <summary><c>ExecutionNotRedrivable</c> (HTTP 400): The execution Amazon Resource Name (ARN) that you specified for executionArn cannot be redriven.</summary>
public sealed class ExecutionNotRedrivableException : StepFunctionsException
{
    /// <summary>The API error code, <c>ExecutionNotRedrivable</c>.</summary>
    public const string Code = "ExecutionNotRedrivable";

    /// <summary>Creates the error.</summary>
    /// <param name="message">What went wrong, worded as AWS words it.</param>
    public ExecutionNotRedrivableException(string message)
        : base(Code, message, 400)
    {
    }
}

/// <summary><c>InvalidArn</c> (HTTP 400): The provided Amazon Resource Name (ARN) is not valid.</summary>
public sealed class InvalidArnException : StepFunctionsException
{
    /// <summary>The API error code, <c>InvalidArn</c>.</summary>
    public const string Code = "InvalidArn";

    /// <summary>Creates the error.</summary>
    /// <param name="message">What went wrong, worded as AWS words it.</param>
    public InvalidArnException(string message)
        : base(Code, message, 400)
    {
    }
}

/// <summary><c>InvalidDefinition</c> (HTTP 400): The provided Amazon States Language definition is not valid.</summary>
public sealed class InvalidDefinitionException : StepFunctionsException
{
    /// <summary>The API error code, <c>InvalidDefinition</c>.</summary>
    public const string Code = "InvalidDefinition";

    /// <summary>Creates the error.</summary>
    /// <param name="message">What went wrong, worded as AWS words it.</param>
    public InvalidDefinitionException(string message)
        : base(Code, message, 400)
    {
    }
}

/// <summary><c>InvalidEncryptionConfiguration</c> (HTTP 400): Received when encryptionConfiguration is specified but various conditions exist which make the configuration invalid. For example, if type is set to CUSTOMER_MANAGED_KMS_KEY, but kmsKeyId is null, or kmsDataKeyReusePeriodSeconds is not between 60 and 900, or the AWS KMS key is not symmetric or inactive.</summary>
public sealed class InvalidEncryptionConfigurationException : StepFunctionsException
{
    /// <summary>The API error code, <c>InvalidEncryptionConfiguration</c>.</summary>
    public const string Code = "InvalidEncryptionConfiguration";

    /// <summary>Creates the error.</summary>
    /// <param name="message">What went wrong, worded as AWS words it.</param>
    public InvalidEncryptionConfigurationException(string message)
        : base(Code, message, 400)
    {
    }
}

/// <summary><c>InvalidExecutionInput</c> (HTTP 400): The provided JSON input data is not valid.</summary>
public sealed class InvalidExecutionInputException : StepFunctionsException
{
    /// <summary>The API error code, <c>InvalidExecutionInput</c>.</summary>
    public const string Code = "InvalidExecutionInput";

    /// <summary>Creates the error.</summary>
    /// <param name="message">What went wrong, worded as AWS words it.</param>
    public InvalidExecutionInputException(string message)
        : base(Code, message, 400)
    {
    }
}

/// <summary><c>InvalidLoggingConfiguration</c> (HTTP 400): Configuration is not valid.</summary>
public sealed class InvalidLoggingConfigurationException : StepFunctionsException
{
    /// <summary>The API error code, <c>InvalidLoggingConfiguration</c>.</summary>
    public const string Code = "InvalidLoggingConfiguration";

    /// <summary>Creates the error.</summary>
    /// <param name="message">What went wrong, worded as AWS words it.</param>
    public InvalidLoggingConfigurationException(string message)
        : base(Code, message, 400)
    {
    }
}

/// <summary><c>InvalidName</c> (HTTP 400): The provided name is not valid.</summary>
public sealed class InvalidNameException : StepFunctionsException
{
    /// <summary>The API error code, <c>InvalidName</c>.</summary>
    public const string Code = "InvalidName";

    /// <summary>Creates the error.</summary>
    /// <param name="message">What went wrong, worded as AWS words it.</param>
    public InvalidNameException(string message)
        : base(Code, message, 400)
    {
    }
}

/// <summary><c>InvalidOutput</c> (HTTP 400): The provided JSON output data is not valid.</summary>
public sealed class InvalidOutputException : StepFunctionsException
{
    /// <summary>The API error code, <c>InvalidOutput</c>.</summary>
    public const string Code = "InvalidOutput";

    /// <summary>Creates the error.</summary>
    /// <param name="message">What went wrong, worded as AWS words it.</param>
    public InvalidOutputException(string message)
        : base(Code, message, 400)
    {
    }
}

/// <summary><c>InvalidToken</c> (HTTP 400): The provided token is not valid.</summary>
public sealed class InvalidTokenException : StepFunctionsException
{
    /// <summary>The API error code, <c>InvalidToken</c>.</summary>
    public const string Code = "InvalidToken";

    /// <summary>Creates the error.</summary>
    /// <param name="message">What went wrong, worded as AWS words it.</param>
    public InvalidTokenException(string message)
        : base(Code, message, 400)
    {
    }
}

/// <summary><c>InvalidTracingConfiguration</c> (HTTP 400): Your tracingConfiguration key does not match, or enabled has not been set to true or false.</summary>
public sealed class InvalidTracingConfigurationException : StepFunctionsException
{
    /// <summary>The API error code, <c>InvalidTracingConfiguration</c>.</summary>
    public const string Code = "InvalidTracingConfiguration";

    /// <summary>Creates the error.</summary>
    /// <param name="message">What went wrong, worded as AWS words it.</param>
    public InvalidTracingConfigurationException(string message)
        : base(Code, message, 400)
    {
    }
}

/// <summary><c>KmsAccessDeniedException</c> (HTTP 400): Either your AWS KMS key policy or API caller does not have the required permissions.</summary>
public sealed class KmsAccessDeniedException : StepFunctionsException
{
    /// <summary>The API error code, <c>KmsAccessDeniedException</c>.</summary>
    public const string Code = "KmsAccessDeniedException";

    /// <summary>Creates the error.</summary>
    /// <param name="message">What went wrong, worded as AWS words it.</param>
    public KmsAccessDeniedException(string message)
        : base(Code, message, 400)
    {
    }
}

/// <summary><c>KmsInvalidStateException</c> (HTTP 400): The AWS KMS key is not in valid state, for example: Disabled or Deleted.</summary>
public sealed class KmsInvalidStateException : StepFunctionsException
{
    /// <summary>The API error code, <c>KmsInvalidStateException</c>.</summary>
    public const string Code = "KmsInvalidStateException";

    /// <summary>Creates the error.</summary>
    /// <param name="message">What went wrong, worded as AWS words it.</param>
    /// <param name="kmsKeyState">The state of the KMS key.</param>
    public KmsInvalidStateException(string message, string? kmsKeyState = null)
        : base(Code, message, 400)
    {
        KmsKeyState = kmsKeyState;
    }

    /// <summary>The state of the KMS key, e.g. <c>DISABLED</c> or <c>PENDING_DELETION</c>.</summary>
    public string? KmsKeyState { get; }
}

/// <summary><c>KmsThrottlingException</c> (HTTP 400): Received when AWS KMS returns ThrottlingException for a AWS KMS call that Step Functions makes on behalf of the caller.</summary>
public sealed class KmsThrottlingException : StepFunctionsException
{
    /// <summary>The API error code, <c>KmsThrottlingException</c>.</summary>
    public const string Code = "KmsThrottlingException";

    /// <summary>Creates the error.</summary>
    /// <param name="message">What went wrong, worded as AWS words it.</param>
    public KmsThrottlingException(string message)
        : base(Code, message, 400)
    {
    }
}

/// <summary><c>MissingRequiredParameter</c> (HTTP 400): Request is missing a required parameter. This error occurs if both definition and roleArn are not specified.</summary>
public sealed class MissingRequiredParameterException : StepFunctionsException
{
    /// <summary>The API error code, <c>MissingRequiredParameter</c>.</summary>
    public const string Code = "MissingRequiredParameter";

    /// <summary>Creates the error.</summary>
    /// <param name="message">What went wrong, worded as AWS words it.</param>
    public MissingRequiredParameterException(string message)
        : base(Code, message, 400)
    {
    }
}

/// <summary><c>ResourceNotFound</c> (HTTP 400): Could not find the referenced resource.</summary>
public sealed class ResourceNotFoundException : StepFunctionsException
{
    /// <summary>The API error code, <c>ResourceNotFound</c>.</summary>
    public const string Code = "ResourceNotFound";

    /// <summary>Creates the error.</summary>
    /// <param name="message">What went wrong, worded as AWS words it.</param>
    /// <param name="resourceName">The ARN of the resource concerned.</param>
    public ResourceNotFoundException(string message, string? resourceName = null)
        : base(Code, message, 400)
    {
        ResourceName = resourceName;
    }

    /// <summary>The ARN of the resource concerned, when known.</summary>
    public string? ResourceName { get; }
}

/// <summary><c>ServiceQuotaExceededException</c> (HTTP 402): The request would cause a service quota to be exceeded.</summary>
public sealed class ServiceQuotaExceededException : StepFunctionsException
{
    /// <summary>The API error code, <c>ServiceQuotaExceededException</c>.</summary>
    public const string Code = "ServiceQuotaExceededException";

    /// <summary>Creates the error.</summary>
    /// <param name="message">What went wrong, worded as AWS words it.</param>
    public ServiceQuotaExceededException(string message)
        : base(Code, message, 402)
    {
    }
}

/// <summary><c>StateMachineAlreadyExists</c> (HTTP 400): A state machine with the same name but a different definition or role ARN already exists.</summary>
public sealed class StateMachineAlreadyExistsException : StepFunctionsException
{
    /// <summary>The API error code, <c>StateMachineAlreadyExists</c>.</summary>
    public const string Code = "StateMachineAlreadyExists";

    /// <summary>Creates the error.</summary>
    /// <param name="message">What went wrong, worded as AWS words it.</param>
    public StateMachineAlreadyExistsException(string message)
        : base(Code, message, 400)
    {
    }
}

/// <summary><c>StateMachineDeleting</c> (HTTP 400): The specified state machine is being deleted.</summary>
public sealed class StateMachineDeletingException : StepFunctionsException
{
    /// <summary>The API error code, <c>StateMachineDeleting</c>.</summary>
    public const string Code = "StateMachineDeleting";

    /// <summary>Creates the error.</summary>
    /// <param name="message">What went wrong, worded as AWS words it.</param>
    public StateMachineDeletingException(string message)
        : base(Code, message, 400)
    {
    }
}

/// <summary><c>StateMachineDoesNotExist</c> (HTTP 400): The specified state machine does not exist.</summary>
public sealed class StateMachineDoesNotExistException : StepFunctionsException
{
    /// <summary>The API error code, <c>StateMachineDoesNotExist</c>.</summary>
    public const string Code = "StateMachineDoesNotExist";

    /// <summary>Creates the error.</summary>
    /// <param name="message">What went wrong, worded as AWS words it.</param>
    public StateMachineDoesNotExistException(string message)
        : base(Code, message, 400)
    {
    }
}

/// <summary><c>StateMachineLimitExceeded</c> (HTTP 400): The maximum number of state machines has been reached. Existing state machines must be deleted before a new state machine can be created.</summary>
public sealed class StateMachineLimitExceededException : StepFunctionsException
{
    /// <summary>The API error code, <c>StateMachineLimitExceeded</c>.</summary>
    public const string Code = "StateMachineLimitExceeded";

    /// <summary>Creates the error.</summary>
    /// <param name="message">What went wrong, worded as AWS words it.</param>
    public StateMachineLimitExceededException(string message)
        : base(Code, message, 400)
    {
    }
}

/// <summary><c>StateMachineTypeNotSupported</c> (HTTP 400): State machine type is not supported.</summary>
public sealed class StateMachineTypeNotSupportedException : StepFunctionsException
{
    /// <summary>The API error code, <c>StateMachineTypeNotSupported</c>.</summary>
    public const string Code = "StateMachineTypeNotSupported";

    /// <summary>Creates the error.</summary>
    /// <param name="message">What went wrong, worded as AWS words it.</param>
    public StateMachineTypeNotSupportedException(string message)
        : base(Code, message, 400)
    {
    }
}

/// <summary><c>TaskDoesNotExist</c> (HTTP 400): The activity does not exist.</summary>
public sealed class TaskDoesNotExistException : StepFunctionsException
{
    /// <summary>The API error code, <c>TaskDoesNotExist</c>.</summary>
    public const string Code = "TaskDoesNotExist";

    /// <summary>Creates the error.</summary>
    /// <param name="message">What went wrong, worded as AWS words it.</param>
    public TaskDoesNotExistException(string message)
        : base(Code, message, 400)
    {
    }
}

/// <summary><c>TaskTimedOut</c> (HTTP 400): The task token has either expired or the task associated with the token has already been closed.</summary>
public sealed class TaskTimedOutException : StepFunctionsException
{
    /// <summary>The API error code, <c>TaskTimedOut</c>.</summary>
    public const string Code = "TaskTimedOut";

    /// <summary>Creates the error.</summary>
    /// <param name="message">What went wrong, worded as AWS words it.</param>
    public TaskTimedOutException(string message)
        : base(Code, message, 400)
    {
    }
}

/// <summary><c>TooManyTags</c> (HTTP 400): You've exceeded the number of tags allowed for a resource. See the Limits Topic in the AWS Step Functions Developer Guide.</summary>
public sealed class TooManyTagsException : StepFunctionsException
{
    /// <summary>The API error code, <c>TooManyTags</c>.</summary>
    public const string Code = "TooManyTags";

    /// <summary>Creates the error.</summary>
    /// <param name="message">What went wrong, worded as AWS words it.</param>
    /// <param name="resourceName">The ARN of the resource concerned.</param>
    public TooManyTagsException(string message, string? resourceName = null)
        : base(Code, message, 400)
    {
        ResourceName = resourceName;
    }

    /// <summary>The ARN of the resource concerned, when known.</summary>
    public string? ResourceName { get; }
}

/// <summary><c>ValidationException</c> (HTTP 400): The input does not satisfy the constraints specified by an AWS service. The input does not satisfy the constraints specified by an AWS service.</summary>
public sealed class ValidationException : StepFunctionsException
{
    /// <summary>The API error code, <c>ValidationException</c>.</summary>
    public const string Code = "ValidationException";

    /// <summary>Creates the error.</summary>
    /// <param name="message">What went wrong, worded as AWS words it.</param>
    /// <param name="reason">Why the input was refused.</param>
    public ValidationException(string message, ValidationExceptionReason? reason = null)
        : base(Code, message, 400)
    {
        Reason = reason;
    }

    /// <summary>Why the input was refused, when AWS says (e.g. <c>MISSING_REQUIRED_PARAMETER</c>).</summary>
    public ValidationExceptionReason? Reason { get; }
}
