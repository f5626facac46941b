using System;

namespace AslCompiler.Runtime.Api.Validation;

/// <summary>
/// The field constraints of every request as the API reference states them (lengths, ranges, patterns, enum
/// values, array sizes, required members). A violation raises <see cref="ValidationException"/> with AWS's
/// "N validation errors detected" message. Rules beyond the field constraints (names, ARNs, cross-field rules)
/// live with the actions.
/// </summary>
internal static partial class RequestConstraints
{
    /// <summary>Checks a <see cref="CreateActivityRequest"/>.</summary>
    public static void Check(CreateActivityRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var check = new ConstraintCheck();
        check.Encryption(request.EncryptionConfiguration, "encryptionConfiguration");
        check.Required(request.Name, "name");
        check.Length(request.Name, "name", 1, 80);
        check.Tags(request.Tags, "tags");
        check.ThrowIfAny();
    }

    /// <summary>Checks a <see cref="CreateStateMachineRequest"/>.</summary>
    public static void Check(CreateStateMachineRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var check = new ConstraintCheck();
        check.Required(request.Definition, "definition");
        check.Length(request.Definition, "definition", 1, 1048576, sensitive: true);
        check.Encryption(request.EncryptionConfiguration, "encryptionConfiguration");
        check.Logging(request.LoggingConfiguration, "loggingConfiguration");
        check.Required(request.Name, "name");
        check.Length(request.Name, "name", 1, 80);
        check.Required(request.RoleArn, "roleArn");
        check.Length(request.RoleArn, "roleArn", 1, 256);
        check.Tags(request.Tags, "tags");
        check.Enum(request.Type, "type");
        check.Length(request.VersionDescription, "versionDescription", null, 256, sensitive: true);
        check.ThrowIfAny();
    }

    /// <summary>Checks a <see cref="CreateStateMachineAliasRequest"/>.</summary>
    public static void Check(CreateStateMachineAliasRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var check = new ConstraintCheck();
        check.Length(request.Description, "description", null, 256, sensitive: true);
        check.Required(request.Name, "name");
        check.Length(request.Name, "name", 1, 80);
        check.Pattern(request.Name, "name", "^(?=.*[a-zA-Z_\\-\\.])[a-zA-Z0-9_\\-\\.]+$");
        check.Required(request.RoutingConfiguration, "routingConfiguration");
        check.Count(request.RoutingConfiguration, "routingConfiguration", 1, 2);
        check.Routing(request.RoutingConfiguration, "routingConfiguration");
        check.ThrowIfAny();
    }

    /// <summary>Checks a <see cref="DeleteActivityRequest"/>.</summary>
    public static void Check(DeleteActivityRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var check = new ConstraintCheck();
        check.Required(request.ActivityArn, "activityArn");
        check.Length(request.ActivityArn, "activityArn", 1, 256);
        check.ThrowIfAny();
    }

    /// <summary>Checks a <see cref="DeleteStateMachineRequest"/>.</summary>
    public static void Check(DeleteStateMachineRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var check = new ConstraintCheck();
        check.Required(request.StateMachineArn, "stateMachineArn");
        check.Length(request.StateMachineArn, "stateMachineArn", 1, 256);
        check.ThrowIfAny();
    }

    /// <summary>Checks a <see cref="DeleteStateMachineAliasRequest"/>.</summary>
    public static void Check(DeleteStateMachineAliasRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var check = new ConstraintCheck();
        check.Required(request.StateMachineAliasArn, "stateMachineAliasArn");
        check.Length(request.StateMachineAliasArn, "stateMachineAliasArn", 1, 256);
        check.ThrowIfAny();
    }

    /// <summary>Checks a <see cref="DeleteStateMachineVersionRequest"/>.</summary>
    public static void Check(DeleteStateMachineVersionRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var check = new ConstraintCheck();
        check.Required(request.StateMachineVersionArn, "stateMachineVersionArn");
        check.Length(request.StateMachineVersionArn, "stateMachineVersionArn", 1, 2000);
        check.ThrowIfAny();
    }

    /// <summary>Checks a <see cref="DescribeActivityRequest"/>.</summary>
    public static void Check(DescribeActivityRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var check = new ConstraintCheck();
        check.Required(request.ActivityArn, "activityArn");
        check.Length(request.ActivityArn, "activityArn", 1, 256);
        check.ThrowIfAny();
    }

    /// <summary>Checks a <see cref="DescribeExecutionRequest"/>.</summary>
    public static void Check(DescribeExecutionRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var check = new ConstraintCheck();
        check.Required(request.ExecutionArn, "executionArn");
        check.Length(request.ExecutionArn, "executionArn", 1, 256);
        check.Enum(request.IncludedData, "includedData");
        check.ThrowIfAny();
    }

    /// <summary>Checks a <see cref="DescribeMapRunRequest"/>.</summary>
    public static void Check(DescribeMapRunRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var check = new ConstraintCheck();
        check.Required(request.MapRunArn, "mapRunArn");
        check.Length(request.MapRunArn, "mapRunArn", 1, 2000);
        check.ThrowIfAny();
    }

    /// <summary>Checks a <see cref="DescribeStateMachineRequest"/>.</summary>
    public static void Check(DescribeStateMachineRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var check = new ConstraintCheck();
        check.Enum(request.IncludedData, "includedData");
        check.Required(request.StateMachineArn, "stateMachineArn");
        check.Length(request.StateMachineArn, "stateMachineArn", 1, 256);
        check.ThrowIfAny();
    }

    /// <summary>Checks a <see cref="DescribeStateMachineAliasRequest"/>.</summary>
    public static void Check(DescribeStateMachineAliasRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var check = new ConstraintCheck();
        check.Required(request.StateMachineAliasArn, "stateMachineAliasArn");
        check.Length(request.StateMachineAliasArn, "stateMachineAliasArn", 1, 256);
        check.ThrowIfAny();
    }

    /// <summary>Checks a <see cref="DescribeStateMachineForExecutionRequest"/>.</summary>
    public static void Check(DescribeStateMachineForExecutionRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var check = new ConstraintCheck();
        check.Required(request.ExecutionArn, "executionArn");
        check.Length(request.ExecutionArn, "executionArn", 1, 256);
        check.Enum(request.IncludedData, "includedData");
        check.ThrowIfAny();
    }

    /// <summary>Checks a <see cref="GetActivityTaskRequest"/>.</summary>
    public static void Check(GetActivityTaskRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var check = new ConstraintCheck();
        check.Required(request.ActivityArn, "activityArn");
        check.Length(request.ActivityArn, "activityArn", 1, 256);
        check.Length(request.WorkerName, "workerName", 1, 80);
        check.ThrowIfAny();
    }

    /// <summary>Checks a <see cref="GetExecutionHistoryRequest"/>.</summary>
    public static void Check(GetExecutionHistoryRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var check = new ConstraintCheck();
        check.Required(request.ExecutionArn, "executionArn");
        check.Length(request.ExecutionArn, "executionArn", 1, 256);
        check.Range(request.MaxResults, "maxResults", 0, 1000);
        check.Length(request.NextToken, "nextToken", 1, 1024);
        check.ThrowIfAny();
    }

    /// <summary>Checks a <see cref="ListActivitiesRequest"/>.</summary>
    public static void Check(ListActivitiesRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var check = new ConstraintCheck();
        check.Range(request.MaxResults, "maxResults", 0, 1000);
        check.Length(request.NextToken, "nextToken", 1, 1024);
        check.ThrowIfAny();
    }

    /// <summary>Checks a <see cref="ListExecutionsRequest"/>.</summary>
    public static void Check(ListExecutionsRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var check = new ConstraintCheck();
        check.Length(request.MapRunArn, "mapRunArn", 1, 2000);
        check.Range(request.MaxResults, "maxResults", 0, 1000);
        check.Length(request.NextToken, "nextToken", 1, 3096);
        check.Enum(request.RedriveFilter, "redriveFilter");
        check.Length(request.StateMachineArn, "stateMachineArn", 1, 256);
        check.Enum(request.StatusFilter, "statusFilter");
        check.ThrowIfAny();
    }

    /// <summary>Checks a <see cref="ListMapRunsRequest"/>.</summary>
    public static void Check(ListMapRunsRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var check = new ConstraintCheck();
        check.Required(request.ExecutionArn, "executionArn");
        check.Length(request.ExecutionArn, "executionArn", 1, 256);
        check.Range(request.MaxResults, "maxResults", 0, 1000);
        check.Length(request.NextToken, "nextToken", 1, 1024);
        check.ThrowIfAny();
    }

    /// <summary>Checks a <see cref="ListStateMachineAliasesRequest"/>.</summary>
    public static void Check(ListStateMachineAliasesRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var check = new ConstraintCheck();
        check.Range(request.MaxResults, "maxResults", 0, 1000);
        check.Length(request.NextToken, "nextToken", 1, 1024);
        check.Required(request.StateMachineArn, "stateMachineArn");
        check.Length(request.StateMachineArn, "stateMachineArn", 1, 256);
        check.ThrowIfAny();
    }

    /// <summary>Checks a <see cref="ListStateMachinesRequest"/>.</summary>
    public static void Check(ListStateMachinesRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var check = new ConstraintCheck();
        check.Range(request.MaxResults, "maxResults", 0, 1000);
        check.Length(request.NextToken, "nextToken", 1, 1024);
        check.ThrowIfAny();
    }

    /// <summary>Checks a <see cref="ListStateMachineVersionsRequest"/>.</summary>
    public static void Check(ListStateMachineVersionsRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var check = new ConstraintCheck();
        check.Range(request.MaxResults, "maxResults", 0, 1000);
        check.Length(request.NextToken, "nextToken", 1, 1024);
        check.Required(request.StateMachineArn, "stateMachineArn");
        check.Length(request.StateMachineArn, "stateMachineArn", 1, 256);
        check.ThrowIfAny();
    }

    /// <summary>Checks a <see cref="ListTagsForResourceRequest"/>.</summary>
    public static void Check(ListTagsForResourceRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var check = new ConstraintCheck();
        check.Required(request.ResourceArn, "resourceArn");
        check.Length(request.ResourceArn, "resourceArn", 1, 256);
        check.ThrowIfAny();
    }

    /// <summary>Checks a <see cref="PublishStateMachineVersionRequest"/>.</summary>
    public static void Check(PublishStateMachineVersionRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var check = new ConstraintCheck();
        check.Length(request.Description, "description", null, 256, sensitive: true);
        check.Required(request.StateMachineArn, "stateMachineArn");
        check.Length(request.StateMachineArn, "stateMachineArn", 1, 256);
        check.ThrowIfAny();
    }

    /// <summary>Checks a <see cref="RedriveExecutionRequest"/>.</summary>
    public static void Check(RedriveExecutionRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var check = new ConstraintCheck();
        check.Length(request.ClientToken, "clientToken", 1, 64);
        check.Pattern(request.ClientToken, "clientToken", "[!-~]+");
        check.Required(request.ExecutionArn, "executionArn");
        check.Length(request.ExecutionArn, "executionArn", 1, 256);
        check.ThrowIfAny();
    }

    /// <summary>Checks a <see cref="SendTaskFailureRequest"/>.</summary>
    public static void Check(SendTaskFailureRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var check = new ConstraintCheck();
        check.Length(request.Cause, "cause", 0, 32768, sensitive: true);
        check.Length(request.Error, "error", 0, 256, sensitive: true);
        check.Required(request.TaskToken, "taskToken");
        check.Length(request.TaskToken, "taskToken", 1, 2048);
        check.ThrowIfAny();
    }

    /// <summary>Checks a <see cref="SendTaskHeartbeatRequest"/>.</summary>
    public static void Check(SendTaskHeartbeatRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var check = new ConstraintCheck();
        check.Required(request.TaskToken, "taskToken");
        check.Length(request.TaskToken, "taskToken", 1, 2048);
        check.ThrowIfAny();
    }

    /// <summary>Checks a <see cref="SendTaskSuccessRequest"/>.</summary>
    public static void Check(SendTaskSuccessRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var check = new ConstraintCheck();
        check.Required(request.Output, "output");
        check.Utf8Length(request.Output, "output", 262144, sensitive: true);
        check.Required(request.TaskToken, "taskToken");
        check.Length(request.TaskToken, "taskToken", 1, 2048);
        check.ThrowIfAny();
    }

    /// <summary>Checks a <see cref="StartExecutionRequest"/>.</summary>
    public static void Check(StartExecutionRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var check = new ConstraintCheck();
        check.Utf8Length(request.Input, "input", 262144, sensitive: true);
        check.Length(request.Name, "name", 1, 80);
        check.Required(request.StateMachineArn, "stateMachineArn");
        check.Length(request.StateMachineArn, "stateMachineArn", 1, 256);
        check.Length(request.TraceHeader, "traceHeader", 0, 256);
        check.Pattern(request.TraceHeader, "traceHeader", "\\p{ASCII}*");
        check.ThrowIfAny();
    }

    /// <summary>Checks a <see cref="StartSyncExecutionRequest"/>.</summary>
    public static void Check(StartSyncExecutionRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var check = new ConstraintCheck();
        check.Enum(request.IncludedData, "includedData");
        check.Utf8Length(request.Input, "input", 262144, sensitive: true);
        check.Length(request.Name, "name", 1, 80);
        check.Required(request.StateMachineArn, "stateMachineArn");
        check.Length(request.StateMachineArn, "stateMachineArn", 1, 256);
        check.Length(request.TraceHeader, "traceHeader", 0, 256);
        check.Pattern(request.TraceHeader, "traceHeader", "\\p{ASCII}*");
        check.ThrowIfAny();
    }

    /// <summary>Checks a <see cref="StopExecutionRequest"/>.</summary>
    public static void Check(StopExecutionRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var check = new ConstraintCheck();
        check.Length(request.Cause, "cause", 0, 32768, sensitive: true);
        check.Length(request.Error, "error", 0, 256, sensitive: true);
        check.Required(request.ExecutionArn, "executionArn");
        check.Length(request.ExecutionArn, "executionArn", 1, 256);
        check.ThrowIfAny();
    }

    /// <summary>Checks a <see cref="TagResourceRequest"/>.</summary>
    public static void Check(TagResourceRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var check = new ConstraintCheck();
        check.Required(request.ResourceArn, "resourceArn");
        check.Length(request.ResourceArn, "resourceArn", 1, 256);
        check.Required(request.Tags, "tags");
        check.Tags(request.Tags, "tags");
        check.ThrowIfAny();
    }

    /// <summary>Checks a <see cref="TestStateRequest"/>.</summary>
    public static void Check(TestStateRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var check = new ConstraintCheck();
        check.Required(request.Definition, "definition");
        check.Length(request.Definition, "definition", 1, 1048576, sensitive: true);
        check.Length(request.Input, "input", null, 262144, sensitive: true);
        check.Enum(request.InspectionLevel, "inspectionLevel");
        check.Length(request.RoleArn, "roleArn", 1, 256);
        check.Length(request.Variables, "variables", null, 262144, sensitive: true);
        check.Length(request.StateName, "stateName", 1, 80, sensitive: true);
        check.Length(request.Context, "context", null, 262144, sensitive: true);
        check.Mock(request.Mock, "mock");
        check.StateConfiguration(request.StateConfiguration, "stateConfiguration");
        check.ThrowIfAny();
    }

    /// <summary>Checks a <see cref="UntagResourceRequest"/>.</summary>
    public static void Check(UntagResourceRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var check = new ConstraintCheck();
        check.Required(request.ResourceArn, "resourceArn");
        check.Length(request.ResourceArn, "resourceArn", 1, 256);
        check.Required(request.TagKeys, "tagKeys");
        check.EachLength(request.TagKeys, "tagKeys", 1, 128);
        check.ThrowIfAny();
    }

    /// <summary>Checks a <see cref="UpdateMapRunRequest"/>.</summary>
    public static void Check(UpdateMapRunRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var check = new ConstraintCheck();
        check.Required(request.MapRunArn, "mapRunArn");
        check.Length(request.MapRunArn, "mapRunArn", 1, 2000);
        check.Range(request.MaxConcurrency, "maxConcurrency", 0, null);
        check.Range(request.ToleratedFailureCount, "toleratedFailureCount", 0, null);
        check.Range(request.ToleratedFailurePercentage, "toleratedFailurePercentage", 0, 100);
        check.ThrowIfAny();
    }

    /// <summary>Checks a <see cref="UpdateStateMachineRequest"/>.</summary>
    public static void Check(UpdateStateMachineRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var check = new ConstraintCheck();
        check.Length(request.Definition, "definition", 1, 1048576, sensitive: true);
        check.Encryption(request.EncryptionConfiguration, "encryptionConfiguration");
        check.Logging(request.LoggingConfiguration, "loggingConfiguration");
        check.Length(request.RoleArn, "roleArn", 1, 256);
        check.Required(request.StateMachineArn, "stateMachineArn");
        check.Length(request.StateMachineArn, "stateMachineArn", 1, 256);
        check.Length(request.VersionDescription, "versionDescription", null, 256, sensitive: true);
        check.ThrowIfAny();
    }

    /// <summary>Checks a <see cref="UpdateStateMachineAliasRequest"/>.</summary>
    public static void Check(UpdateStateMachineAliasRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var check = new ConstraintCheck();
        check.Length(request.Description, "description", null, 256, sensitive: true);
        check.Count(request.RoutingConfiguration, "routingConfiguration", 1, 2);
        check.Routing(request.RoutingConfiguration, "routingConfiguration");
        check.Required(request.StateMachineAliasArn, "stateMachineAliasArn");
        check.Length(request.StateMachineAliasArn, "stateMachineAliasArn", 1, 256);
        check.ThrowIfAny();
    }

    /// <summary>Checks a <see cref="ValidateStateMachineDefinitionRequest"/>.</summary>
    public static void Check(ValidateStateMachineDefinitionRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var check = new ConstraintCheck();
        check.Required(request.Definition, "definition");
        check.Length(request.Definition, "definition", 1, 1048576, sensitive: true);
        check.Range(request.MaxResults, "maxResults", 0, 100);
        check.Enum(request.Severity, "severity");
        check.Enum(request.Type, "type");
        check.ThrowIfAny();
    }
}
