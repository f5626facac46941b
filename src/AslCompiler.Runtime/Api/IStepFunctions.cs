using System.Threading;
using System.Threading.Tasks;

namespace AslCompiler.Runtime.Api;

/// <summary>
/// The AWS Step Functions API (version 2016-11-23): one method per action, with the request and response
/// shapes of the API reference. Failures are <see cref="StepFunctionsException"/> subclasses named after the API errors.
/// </summary>
public interface IStepFunctions
{
    /// <summary>Creates an activity. An activity is a task that you write in any programming language and host on any machine that has access to AWS Step Functions.</summary>
    /// <param name="request">The request.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The response.</returns>
    /// <exception cref="ActivityAlreadyExistsException">Activity already exists. EncryptionConfiguration may not be updated.</exception>
    /// <exception cref="ActivityLimitExceededException">The maximum number of activities has been reached. Existing activities must be deleted before a new activity can be created.</exception>
    /// <exception cref="InvalidEncryptionConfigurationException">Received when encryptionConfiguration is specified but various conditions exist which make the configuration invalid.</exception>
    /// <exception cref="InvalidNameException">The provided name is not valid.</exception>
    /// <exception cref="KmsAccessDeniedException">Either your AWS KMS key policy or API caller does not have the required permissions.</exception>
    /// <exception cref="KmsThrottlingException">Received when AWS KMS returns ThrottlingException for a AWS KMS call that Step Functions makes on behalf of the caller.</exception>
    /// <exception cref="TooManyTagsException">You've exceeded the number of tags allowed for a resource. See the Limits Topic in the AWS Step Functions Developer Guide.</exception>
    Task<CreateActivityResponse> CreateActivityAsync(CreateActivityRequest request, CancellationToken cancellationToken = default);

    /// <summary>Creates a state machine. A state machine consists of a collection of states that can do work (Task states), determine to which states to transition next (Choice states), stop an execution with an error (Fail states), and so on.</summary>
    /// <param name="request">The request.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The response.</returns>
    /// <exception cref="ConflictException">Updating or deleting a resource can cause an inconsistent state.</exception>
    /// <exception cref="InvalidArnException">The provided Amazon Resource Name (ARN) is not valid.</exception>
    /// <exception cref="InvalidDefinitionException">The provided Amazon States Language definition is not valid.</exception>
    /// <exception cref="InvalidEncryptionConfigurationException">Received when encryptionConfiguration is specified but various conditions exist which make the configuration invalid.</exception>
    /// <exception cref="InvalidLoggingConfigurationException">Configuration is not valid.</exception>
    /// <exception cref="InvalidNameException">The provided name is not valid.</exception>
    /// <exception cref="InvalidTracingConfigurationException">Your tracingConfiguration key does not match, or enabled has not been set to true or false.</exception>
    /// <exception cref="KmsAccessDeniedException">Either your AWS KMS key policy or API caller does not have the required permissions.</exception>
    /// <exception cref="KmsThrottlingException">Received when AWS KMS returns ThrottlingException for a AWS KMS call that Step Functions makes on behalf of the caller.</exception>
    /// <exception cref="StateMachineAlreadyExistsException">A state machine with the same name but a different definition or role ARN already exists.</exception>
    /// <exception cref="StateMachineDeletingException">The specified state machine is being deleted.</exception>
    /// <exception cref="StateMachineLimitExceededException">The maximum number of state machines has been reached. Existing state machines must be deleted before a new state machine can be created.</exception>
    /// <exception cref="StateMachineTypeNotSupportedException">State machine type is not supported.</exception>
    /// <exception cref="TooManyTagsException">You've exceeded the number of tags allowed for a resource. See the Limits Topic in the AWS Step Functions Developer Guide.</exception>
    /// <exception cref="ValidationException">The input does not satisfy the constraints specified by an AWS service. The input does not satisfy the constraints specified by an AWS service.</exception>
    Task<CreateStateMachineResponse> CreateStateMachineAsync(CreateStateMachineRequest request, CancellationToken cancellationToken = default);

    /// <summary>Creates an alias for a state machine that points to one or two versions of the same state machine. You can set your application to call StartExecution with an alias and update the version the alias uses without changing the client's code.</summary>
    /// <param name="request">The request.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The response.</returns>
    /// <exception cref="ConflictException">Updating or deleting a resource can cause an inconsistent state.</exception>
    /// <exception cref="InvalidArnException">The provided Amazon Resource Name (ARN) is not valid.</exception>
    /// <exception cref="InvalidNameException">The provided name is not valid.</exception>
    /// <exception cref="ResourceNotFoundException">Could not find the referenced resource.</exception>
    /// <exception cref="ServiceQuotaExceededException">The request would cause a service quota to be exceeded.</exception>
    /// <exception cref="StateMachineDeletingException">The specified state machine is being deleted.</exception>
    /// <exception cref="ValidationException">The input does not satisfy the constraints specified by an AWS service. The input does not satisfy the constraints specified by an AWS service.</exception>
    Task<CreateStateMachineAliasResponse> CreateStateMachineAliasAsync(CreateStateMachineAliasRequest request, CancellationToken cancellationToken = default);

    /// <summary>Deletes an activity.</summary>
    /// <param name="request">The request.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The response.</returns>
    /// <exception cref="InvalidArnException">The provided Amazon Resource Name (ARN) is not valid.</exception>
    Task<DeleteActivityResponse> DeleteActivityAsync(DeleteActivityRequest request, CancellationToken cancellationToken = default);

    /// <summary>Deletes a state machine. This is an asynchronous operation. It sets the state machine's status to DELETING and begins the deletion process. A state machine is deleted only when all its executions are completed.</summary>
    /// <param name="request">The request.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The response.</returns>
    /// <exception cref="InvalidArnException">The provided Amazon Resource Name (ARN) is not valid.</exception>
    /// <exception cref="ValidationException">The input does not satisfy the constraints specified by an AWS service. The input does not satisfy the constraints specified by an AWS service.</exception>
    Task<DeleteStateMachineResponse> DeleteStateMachineAsync(DeleteStateMachineRequest request, CancellationToken cancellationToken = default);

    /// <summary>Deletes a state machine alias. After you delete a state machine alias, you can't use it to start executions. When you delete a state machine alias, Step Functions doesn't delete the state machine versions that alias references. Related operations:.</summary>
    /// <param name="request">The request.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The response.</returns>
    /// <exception cref="ConflictException">Updating or deleting a resource can cause an inconsistent state.</exception>
    /// <exception cref="InvalidArnException">The provided Amazon Resource Name (ARN) is not valid.</exception>
    /// <exception cref="ResourceNotFoundException">Could not find the referenced resource.</exception>
    /// <exception cref="ValidationException">The input does not satisfy the constraints specified by an AWS service. The input does not satisfy the constraints specified by an AWS service.</exception>
    Task<DeleteStateMachineAliasResponse> DeleteStateMachineAliasAsync(DeleteStateMachineAliasRequest request, CancellationToken cancellationToken = default);

    /// <summary>Deletes a state machine version. After you delete a version, you can't call StartExecution using that version's ARN or use the version with a state machine alias. Deleting a state machine version won't terminate its in-progress executions.</summary>
    /// <param name="request">The request.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The response.</returns>
    /// <exception cref="ConflictException">Updating or deleting a resource can cause an inconsistent state.</exception>
    /// <exception cref="InvalidArnException">The provided Amazon Resource Name (ARN) is not valid.</exception>
    /// <exception cref="ValidationException">The input does not satisfy the constraints specified by an AWS service. The input does not satisfy the constraints specified by an AWS service.</exception>
    Task<DeleteStateMachineVersionResponse> DeleteStateMachineVersionAsync(DeleteStateMachineVersionRequest request, CancellationToken cancellationToken = default);

    /// <summary>Describes an activity. This operation is eventually consistent. The results are best effort and may not reflect very recent updates and changes.</summary>
    /// <param name="request">The request.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The response.</returns>
    /// <exception cref="ActivityDoesNotExistException">The specified activity does not exist.</exception>
    /// <exception cref="InvalidArnException">The provided Amazon Resource Name (ARN) is not valid.</exception>
    Task<DescribeActivityResponse> DescribeActivityAsync(DescribeActivityRequest request, CancellationToken cancellationToken = default);

    /// <summary>Provides information about a state machine execution, such as the state machine associated with the execution, the execution input and output, and relevant execution metadata.</summary>
    /// <param name="request">The request.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The response.</returns>
    /// <exception cref="ExecutionDoesNotExistException">The specified execution does not exist.</exception>
    /// <exception cref="InvalidArnException">The provided Amazon Resource Name (ARN) is not valid.</exception>
    /// <exception cref="KmsAccessDeniedException">Either your AWS KMS key policy or API caller does not have the required permissions.</exception>
    /// <exception cref="KmsInvalidStateException">The AWS KMS key is not in valid state, for example: Disabled or Deleted. kmsKeyState Current status of the AWS KMS; key. For example: DISABLED, PENDING_DELETION, PENDING_IMPORT, UNAVAILABLE, CREATING.</exception>
    /// <exception cref="KmsThrottlingException">Received when AWS KMS returns ThrottlingException for a AWS KMS call that Step Functions makes on behalf of the caller.</exception>
    Task<DescribeExecutionResponse> DescribeExecutionAsync(DescribeExecutionRequest request, CancellationToken cancellationToken = default);

    /// <summary>Provides information about a Map Run's configuration, progress, and results. If you've redriven a Map Run, this API action also returns information about the redrives of that Map Run.</summary>
    /// <param name="request">The request.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The response.</returns>
    /// <exception cref="InvalidArnException">The provided Amazon Resource Name (ARN) is not valid.</exception>
    /// <exception cref="ResourceNotFoundException">Could not find the referenced resource.</exception>
    Task<DescribeMapRunResponse> DescribeMapRunAsync(DescribeMapRunRequest request, CancellationToken cancellationToken = default);

    /// <summary>Provides information about a state machine's definition, its IAM role Amazon Resource Name (ARN), and configuration.</summary>
    /// <param name="request">The request.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The response.</returns>
    /// <exception cref="InvalidArnException">The provided Amazon Resource Name (ARN) is not valid.</exception>
    /// <exception cref="KmsAccessDeniedException">Either your AWS KMS key policy or API caller does not have the required permissions.</exception>
    /// <exception cref="KmsInvalidStateException">The AWS KMS key is not in valid state, for example: Disabled or Deleted. kmsKeyState Current status of the AWS KMS; key. For example: DISABLED, PENDING_DELETION, PENDING_IMPORT, UNAVAILABLE, CREATING.</exception>
    /// <exception cref="KmsThrottlingException">Received when AWS KMS returns ThrottlingException for a AWS KMS call that Step Functions makes on behalf of the caller.</exception>
    /// <exception cref="StateMachineDoesNotExistException">The specified state machine does not exist.</exception>
    Task<DescribeStateMachineResponse> DescribeStateMachineAsync(DescribeStateMachineRequest request, CancellationToken cancellationToken = default);

    /// <summary>Returns details about a state machine alias. Related operations:.</summary>
    /// <param name="request">The request.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The response.</returns>
    /// <exception cref="InvalidArnException">The provided Amazon Resource Name (ARN) is not valid.</exception>
    /// <exception cref="ResourceNotFoundException">Could not find the referenced resource.</exception>
    /// <exception cref="ValidationException">The input does not satisfy the constraints specified by an AWS service. The input does not satisfy the constraints specified by an AWS service.</exception>
    Task<DescribeStateMachineAliasResponse> DescribeStateMachineAliasAsync(DescribeStateMachineAliasRequest request, CancellationToken cancellationToken = default);

    /// <summary>Provides information about a state machine's definition, its execution role ARN, and configuration. If a Map Run dispatched the execution, this action returns the Map Run Amazon Resource Name (ARN) in the response.</summary>
    /// <param name="request">The request.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The response.</returns>
    /// <exception cref="ExecutionDoesNotExistException">The specified execution does not exist.</exception>
    /// <exception cref="InvalidArnException">The provided Amazon Resource Name (ARN) is not valid.</exception>
    /// <exception cref="KmsAccessDeniedException">Either your AWS KMS key policy or API caller does not have the required permissions.</exception>
    /// <exception cref="KmsInvalidStateException">The AWS KMS key is not in valid state, for example: Disabled or Deleted. kmsKeyState Current status of the AWS KMS; key. For example: DISABLED, PENDING_DELETION, PENDING_IMPORT, UNAVAILABLE, CREATING.</exception>
    /// <exception cref="KmsThrottlingException">Received when AWS KMS returns ThrottlingException for a AWS KMS call that Step Functions makes on behalf of the caller.</exception>
    Task<DescribeStateMachineForExecutionResponse> DescribeStateMachineForExecutionAsync(DescribeStateMachineForExecutionRequest request, CancellationToken cancellationToken = default);

    /// <summary>Used by workers to retrieve a task (with the specified activity ARN) which has been scheduled for execution by a running state machine.</summary>
    /// <param name="request">The request.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The response.</returns>
    /// <exception cref="ActivityDoesNotExistException">The specified activity does not exist.</exception>
    /// <exception cref="ActivityWorkerLimitExceededException">The maximum number of workers concurrently polling for activity tasks has been reached.</exception>
    /// <exception cref="InvalidArnException">The provided Amazon Resource Name (ARN) is not valid.</exception>
    /// <exception cref="KmsAccessDeniedException">Either your AWS KMS key policy or API caller does not have the required permissions.</exception>
    /// <exception cref="KmsInvalidStateException">The AWS KMS key is not in valid state, for example: Disabled or Deleted. kmsKeyState Current status of the AWS KMS; key. For example: DISABLED, PENDING_DELETION, PENDING_IMPORT, UNAVAILABLE, CREATING.</exception>
    /// <exception cref="KmsThrottlingException">Received when AWS KMS returns ThrottlingException for a AWS KMS call that Step Functions makes on behalf of the caller.</exception>
    Task<GetActivityTaskResponse> GetActivityTaskAsync(GetActivityTaskRequest request, CancellationToken cancellationToken = default);

    /// <summary>Returns the history of the specified execution as a list of events. By default, the results are returned in ascending order of the timeStamp of the events. Use the reverseOrder parameter to get the latest events first.</summary>
    /// <param name="request">The request.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The response.</returns>
    /// <exception cref="ExecutionDoesNotExistException">The specified execution does not exist.</exception>
    /// <exception cref="InvalidArnException">The provided Amazon Resource Name (ARN) is not valid.</exception>
    /// <exception cref="InvalidTokenException">The provided token is not valid.</exception>
    /// <exception cref="KmsAccessDeniedException">Either your AWS KMS key policy or API caller does not have the required permissions.</exception>
    /// <exception cref="KmsInvalidStateException">The AWS KMS key is not in valid state, for example: Disabled or Deleted. kmsKeyState Current status of the AWS KMS; key. For example: DISABLED, PENDING_DELETION, PENDING_IMPORT, UNAVAILABLE, CREATING.</exception>
    /// <exception cref="KmsThrottlingException">Received when AWS KMS returns ThrottlingException for a AWS KMS call that Step Functions makes on behalf of the caller.</exception>
    Task<GetExecutionHistoryResponse> GetExecutionHistoryAsync(GetExecutionHistoryRequest request, CancellationToken cancellationToken = default);

    /// <summary>Lists the existing activities. If nextToken is returned, there are more results available. The value of nextToken is a unique pagination token for each page. Make the call again using the returned token to retrieve the next page.</summary>
    /// <param name="request">The request.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The response.</returns>
    /// <exception cref="InvalidTokenException">The provided token is not valid.</exception>
    Task<ListActivitiesResponse> ListActivitiesAsync(ListActivitiesRequest request, CancellationToken cancellationToken = default);

    /// <summary>Lists all executions of a state machine or a Map Run.</summary>
    /// <param name="request">The request.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The response.</returns>
    /// <exception cref="InvalidArnException">The provided Amazon Resource Name (ARN) is not valid.</exception>
    /// <exception cref="InvalidTokenException">The provided token is not valid.</exception>
    /// <exception cref="ResourceNotFoundException">Could not find the referenced resource.</exception>
    /// <exception cref="StateMachineDoesNotExistException">The specified state machine does not exist.</exception>
    /// <exception cref="StateMachineTypeNotSupportedException">State machine type is not supported.</exception>
    /// <exception cref="ValidationException">The input does not satisfy the constraints specified by an AWS service. The input does not satisfy the constraints specified by an AWS service.</exception>
    Task<ListExecutionsResponse> ListExecutionsAsync(ListExecutionsRequest request, CancellationToken cancellationToken = default);

    /// <summary>Lists all Map Runs that were started by a given state machine execution. Use this API action to obtain Map Run ARNs, and then call DescribeMapRun to obtain more information, if needed.</summary>
    /// <param name="request">The request.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The response.</returns>
    /// <exception cref="ExecutionDoesNotExistException">The specified execution does not exist.</exception>
    /// <exception cref="InvalidArnException">The provided Amazon Resource Name (ARN) is not valid.</exception>
    /// <exception cref="InvalidTokenException">The provided token is not valid.</exception>
    Task<ListMapRunsResponse> ListMapRunsAsync(ListMapRunsRequest request, CancellationToken cancellationToken = default);

    /// <summary>Lists aliases for a specified state machine ARN. Results are sorted by time, with the most recently created aliases listed first. To list aliases that reference a state machine version, you can specify the version ARN in the stateMachineArn parameter.</summary>
    /// <param name="request">The request.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The response.</returns>
    /// <exception cref="InvalidArnException">The provided Amazon Resource Name (ARN) is not valid.</exception>
    /// <exception cref="InvalidTokenException">The provided token is not valid.</exception>
    /// <exception cref="ResourceNotFoundException">Could not find the referenced resource.</exception>
    /// <exception cref="StateMachineDeletingException">The specified state machine is being deleted.</exception>
    /// <exception cref="StateMachineDoesNotExistException">The specified state machine does not exist.</exception>
    Task<ListStateMachineAliasesResponse> ListStateMachineAliasesAsync(ListStateMachineAliasesRequest request, CancellationToken cancellationToken = default);

    /// <summary>Lists the existing state machines. If nextToken is returned, there are more results available. The value of nextToken is a unique pagination token for each page. Make the call again using the returned token to retrieve the next page.</summary>
    /// <param name="request">The request.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The response.</returns>
    /// <exception cref="InvalidTokenException">The provided token is not valid.</exception>
    Task<ListStateMachinesResponse> ListStateMachinesAsync(ListStateMachinesRequest request, CancellationToken cancellationToken = default);

    /// <summary>Lists versions for the specified state machine Amazon Resource Name (ARN). The results are sorted in descending order of the version creation time. If nextToken is returned, there are more results available.</summary>
    /// <param name="request">The request.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The response.</returns>
    /// <exception cref="InvalidArnException">The provided Amazon Resource Name (ARN) is not valid.</exception>
    /// <exception cref="InvalidTokenException">The provided token is not valid.</exception>
    /// <exception cref="ValidationException">The input does not satisfy the constraints specified by an AWS service. The input does not satisfy the constraints specified by an AWS service.</exception>
    Task<ListStateMachineVersionsResponse> ListStateMachineVersionsAsync(ListStateMachineVersionsRequest request, CancellationToken cancellationToken = default);

    /// <summary>List tags for a given resource. Tags may only contain Unicode letters, digits, white space, or these symbols: _ . : / = + - @.</summary>
    /// <param name="request">The request.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The response.</returns>
    /// <exception cref="InvalidArnException">The provided Amazon Resource Name (ARN) is not valid.</exception>
    /// <exception cref="ResourceNotFoundException">Could not find the referenced resource.</exception>
    Task<ListTagsForResourceResponse> ListTagsForResourceAsync(ListTagsForResourceRequest request, CancellationToken cancellationToken = default);

    /// <summary>Creates a version from the current revision of a state machine. Use versions to create immutable snapshots of your state machine. You can start executions from versions either directly or with an alias. To create an alias, use CreateStateMachineAlias.</summary>
    /// <param name="request">The request.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The response.</returns>
    /// <exception cref="ConflictException">Updating or deleting a resource can cause an inconsistent state.</exception>
    /// <exception cref="InvalidArnException">The provided Amazon Resource Name (ARN) is not valid.</exception>
    /// <exception cref="ServiceQuotaExceededException">The request would cause a service quota to be exceeded.</exception>
    /// <exception cref="StateMachineDeletingException">The specified state machine is being deleted.</exception>
    /// <exception cref="StateMachineDoesNotExistException">The specified state machine does not exist.</exception>
    /// <exception cref="ValidationException">The input does not satisfy the constraints specified by an AWS service. The input does not satisfy the constraints specified by an AWS service.</exception>
    Task<PublishStateMachineVersionResponse> PublishStateMachineVersionAsync(PublishStateMachineVersionRequest request, CancellationToken cancellationToken = default);

    /// <summary>Restarts unsuccessful executions of Standard workflows that didn't complete successfully in the last 14 days. These include failed, aborted, or timed out executions.</summary>
    /// <param name="request">The request.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The response.</returns>
    /// <exception cref="ExecutionDoesNotExistException">The specified execution does not exist.</exception>
    /// <exception cref="ExecutionLimitExceededException">The maximum number of running executions has been reached. Running executions must end or be stopped before a new execution can be started.</exception>
    /// <exception cref="ExecutionNotRedrivableException">The execution Amazon Resource Name (ARN) that you specified for executionArn cannot be redriven.</exception>
    /// <exception cref="InvalidArnException">The provided Amazon Resource Name (ARN) is not valid.</exception>
    /// <exception cref="ValidationException">The input does not satisfy the constraints specified by an AWS service. The input does not satisfy the constraints specified by an AWS service.</exception>
    Task<RedriveExecutionResponse> RedriveExecutionAsync(RedriveExecutionRequest request, CancellationToken cancellationToken = default);

    /// <summary>Used by activity workers, Task states using the callback pattern, and optionally Task states using the job run pattern to report that the task identified by the taskToken failed.</summary>
    /// <param name="request">The request.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The response.</returns>
    /// <exception cref="InvalidTokenException">The provided token is not valid.</exception>
    /// <exception cref="KmsAccessDeniedException">Either your AWS KMS key policy or API caller does not have the required permissions.</exception>
    /// <exception cref="KmsInvalidStateException">The AWS KMS key is not in valid state, for example: Disabled or Deleted. kmsKeyState Current status of the AWS KMS; key. For example: DISABLED, PENDING_DELETION, PENDING_IMPORT, UNAVAILABLE, CREATING.</exception>
    /// <exception cref="KmsThrottlingException">Received when AWS KMS returns ThrottlingException for a AWS KMS call that Step Functions makes on behalf of the caller.</exception>
    /// <exception cref="TaskDoesNotExistException">The activity does not exist.</exception>
    /// <exception cref="TaskTimedOutException">The task token has either expired or the task associated with the token has already been closed.</exception>
    Task<SendTaskFailureResponse> SendTaskFailureAsync(SendTaskFailureRequest request, CancellationToken cancellationToken = default);

    /// <summary>Used by activity workers and Task states using the callback pattern, and optionally Task states using the job run pattern to report to Step Functions that the task represented by the specified taskToken is still making progress.</summary>
    /// <param name="request">The request.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The response.</returns>
    /// <exception cref="InvalidTokenException">The provided token is not valid.</exception>
    /// <exception cref="TaskDoesNotExistException">The activity does not exist.</exception>
    /// <exception cref="TaskTimedOutException">The task token has either expired or the task associated with the token has already been closed.</exception>
    Task<SendTaskHeartbeatResponse> SendTaskHeartbeatAsync(SendTaskHeartbeatRequest request, CancellationToken cancellationToken = default);

    /// <summary>Used by activity workers, Task states using the callback pattern, and optionally Task states using the job run pattern to report that the task identified by the taskToken completed successfully.</summary>
    /// <param name="request">The request.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The response.</returns>
    /// <exception cref="InvalidOutputException">The provided JSON output data is not valid.</exception>
    /// <exception cref="InvalidTokenException">The provided token is not valid.</exception>
    /// <exception cref="KmsAccessDeniedException">Either your AWS KMS key policy or API caller does not have the required permissions.</exception>
    /// <exception cref="KmsInvalidStateException">The AWS KMS key is not in valid state, for example: Disabled or Deleted. kmsKeyState Current status of the AWS KMS; key. For example: DISABLED, PENDING_DELETION, PENDING_IMPORT, UNAVAILABLE, CREATING.</exception>
    /// <exception cref="KmsThrottlingException">Received when AWS KMS returns ThrottlingException for a AWS KMS call that Step Functions makes on behalf of the caller.</exception>
    /// <exception cref="TaskDoesNotExistException">The activity does not exist.</exception>
    /// <exception cref="TaskTimedOutException">The task token has either expired or the task associated with the token has already been closed.</exception>
    Task<SendTaskSuccessResponse> SendTaskSuccessAsync(SendTaskSuccessRequest request, CancellationToken cancellationToken = default);

    /// <summary>Starts a state machine execution. A qualified state machine ARN can either refer to a Distributed Map state defined within a state machine, a version ARN, or an alias ARN. The following are some examples of qualified and unqualified state machine ARNs:.</summary>
    /// <param name="request">The request.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The response.</returns>
    /// <exception cref="ExecutionLimitExceededException">The maximum number of running executions has been reached. Running executions must end or be stopped before a new execution can be started.</exception>
    /// <exception cref="InvalidArnException">The provided Amazon Resource Name (ARN) is not valid.</exception>
    /// <exception cref="InvalidExecutionInputException">The provided JSON input data is not valid.</exception>
    /// <exception cref="InvalidNameException">The provided name is not valid.</exception>
    /// <exception cref="KmsAccessDeniedException">Either your AWS KMS key policy or API caller does not have the required permissions.</exception>
    /// <exception cref="KmsInvalidStateException">The AWS KMS key is not in valid state, for example: Disabled or Deleted. kmsKeyState Current status of the AWS KMS; key. For example: DISABLED, PENDING_DELETION, PENDING_IMPORT, UNAVAILABLE, CREATING.</exception>
    /// <exception cref="KmsThrottlingException">Received when AWS KMS returns ThrottlingException for a AWS KMS call that Step Functions makes on behalf of the caller.</exception>
    /// <exception cref="StateMachineDeletingException">The specified state machine is being deleted.</exception>
    /// <exception cref="StateMachineDoesNotExistException">The specified state machine does not exist.</exception>
    /// <exception cref="ValidationException">The input does not satisfy the constraints specified by an AWS service. The input does not satisfy the constraints specified by an AWS service.</exception>
    Task<StartExecutionResponse> StartExecutionAsync(StartExecutionRequest request, CancellationToken cancellationToken = default);

    /// <summary>Starts a Synchronous Express state machine execution. StartSyncExecution is not available for STANDARD workflows.</summary>
    /// <param name="request">The request.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The response.</returns>
    /// <exception cref="InvalidArnException">The provided Amazon Resource Name (ARN) is not valid.</exception>
    /// <exception cref="InvalidExecutionInputException">The provided JSON input data is not valid.</exception>
    /// <exception cref="InvalidNameException">The provided name is not valid.</exception>
    /// <exception cref="KmsAccessDeniedException">Either your AWS KMS key policy or API caller does not have the required permissions.</exception>
    /// <exception cref="KmsInvalidStateException">The AWS KMS key is not in valid state, for example: Disabled or Deleted. kmsKeyState Current status of the AWS KMS; key. For example: DISABLED, PENDING_DELETION, PENDING_IMPORT, UNAVAILABLE, CREATING.</exception>
    /// <exception cref="KmsThrottlingException">Received when AWS KMS returns ThrottlingException for a AWS KMS call that Step Functions makes on behalf of the caller.</exception>
    /// <exception cref="StateMachineDeletingException">The specified state machine is being deleted.</exception>
    /// <exception cref="StateMachineDoesNotExistException">The specified state machine does not exist.</exception>
    /// <exception cref="StateMachineTypeNotSupportedException">State machine type is not supported.</exception>
    Task<StartSyncExecutionResponse> StartSyncExecutionAsync(StartSyncExecutionRequest request, CancellationToken cancellationToken = default);

    /// <summary>Stops an execution. This API action is not supported by EXPRESS state machines. For an execution with encryption enabled, Step Functions will encrypt the error and cause fields using the AWS KMS key for the execution role.</summary>
    /// <param name="request">The request.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The response.</returns>
    /// <exception cref="ExecutionDoesNotExistException">The specified execution does not exist.</exception>
    /// <exception cref="InvalidArnException">The provided Amazon Resource Name (ARN) is not valid.</exception>
    /// <exception cref="KmsAccessDeniedException">Either your AWS KMS key policy or API caller does not have the required permissions.</exception>
    /// <exception cref="KmsInvalidStateException">The AWS KMS key is not in valid state, for example: Disabled or Deleted. kmsKeyState Current status of the AWS KMS; key. For example: DISABLED, PENDING_DELETION, PENDING_IMPORT, UNAVAILABLE, CREATING.</exception>
    /// <exception cref="KmsThrottlingException">Received when AWS KMS returns ThrottlingException for a AWS KMS call that Step Functions makes on behalf of the caller.</exception>
    /// <exception cref="ValidationException">The input does not satisfy the constraints specified by an AWS service. The input does not satisfy the constraints specified by an AWS service.</exception>
    Task<StopExecutionResponse> StopExecutionAsync(StopExecutionRequest request, CancellationToken cancellationToken = default);

    /// <summary>Add a tag to a Step Functions resource. An array of key-value pairs. For more information, see Using Cost Allocation Tags in the AWS Billing and Cost Management User Guide, and Controlling Access Using IAM Tags.</summary>
    /// <param name="request">The request.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The response.</returns>
    /// <exception cref="InvalidArnException">The provided Amazon Resource Name (ARN) is not valid.</exception>
    /// <exception cref="ResourceNotFoundException">Could not find the referenced resource.</exception>
    /// <exception cref="TooManyTagsException">You've exceeded the number of tags allowed for a resource. See the Limits Topic in the AWS Step Functions Developer Guide.</exception>
    Task<TagResourceResponse> TagResourceAsync(TagResourceRequest request, CancellationToken cancellationToken = default);

    /// <summary>Accepts the definition of a single state and executes it. You can test a state without creating a state machine or updating an existing state machine. Using this API, you can test the following:.</summary>
    /// <param name="request">The request.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The response.</returns>
    /// <exception cref="InvalidArnException">The provided Amazon Resource Name (ARN) is not valid.</exception>
    /// <exception cref="InvalidDefinitionException">The provided Amazon States Language definition is not valid.</exception>
    /// <exception cref="InvalidExecutionInputException">The provided JSON input data is not valid.</exception>
    /// <exception cref="ValidationException">The input does not satisfy the constraints specified by an AWS service. The input does not satisfy the constraints specified by an AWS service.</exception>
    Task<TestStateResponse> TestStateAsync(TestStateRequest request, CancellationToken cancellationToken = default);

    /// <summary>Remove a tag from a Step Functions resource.</summary>
    /// <param name="request">The request.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The response.</returns>
    /// <exception cref="InvalidArnException">The provided Amazon Resource Name (ARN) is not valid.</exception>
    /// <exception cref="ResourceNotFoundException">Could not find the referenced resource.</exception>
    Task<UntagResourceResponse> UntagResourceAsync(UntagResourceRequest request, CancellationToken cancellationToken = default);

    /// <summary>Updates an in-progress Map Run's configuration to include changes to the settings that control maximum concurrency and Map Run failure.</summary>
    /// <param name="request">The request.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The response.</returns>
    /// <exception cref="InvalidArnException">The provided Amazon Resource Name (ARN) is not valid.</exception>
    /// <exception cref="ResourceNotFoundException">Could not find the referenced resource.</exception>
    /// <exception cref="ValidationException">The input does not satisfy the constraints specified by an AWS service. The input does not satisfy the constraints specified by an AWS service.</exception>
    Task<UpdateMapRunResponse> UpdateMapRunAsync(UpdateMapRunRequest request, CancellationToken cancellationToken = default);

    /// <summary>Updates an existing state machine by modifying its definition, roleArn, loggingConfiguration, or EncryptionConfiguration. Running executions will continue to use the previous definition and roleArn.</summary>
    /// <param name="request">The request.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The response.</returns>
    /// <exception cref="ConflictException">Updating or deleting a resource can cause an inconsistent state.</exception>
    /// <exception cref="InvalidArnException">The provided Amazon Resource Name (ARN) is not valid.</exception>
    /// <exception cref="InvalidDefinitionException">The provided Amazon States Language definition is not valid.</exception>
    /// <exception cref="InvalidEncryptionConfigurationException">Received when encryptionConfiguration is specified but various conditions exist which make the configuration invalid.</exception>
    /// <exception cref="InvalidLoggingConfigurationException">Configuration is not valid.</exception>
    /// <exception cref="InvalidTracingConfigurationException">Your tracingConfiguration key does not match, or enabled has not been set to true or false.</exception>
    /// <exception cref="KmsAccessDeniedException">Either your AWS KMS key policy or API caller does not have the required permissions.</exception>
    /// <exception cref="KmsThrottlingException">Received when AWS KMS returns ThrottlingException for a AWS KMS call that Step Functions makes on behalf of the caller.</exception>
    /// <exception cref="MissingRequiredParameterException">Request is missing a required parameter. This error occurs if both definition and roleArn are not specified.</exception>
    /// <exception cref="ServiceQuotaExceededException">The request would cause a service quota to be exceeded.</exception>
    /// <exception cref="StateMachineDeletingException">The specified state machine is being deleted.</exception>
    /// <exception cref="StateMachineDoesNotExistException">The specified state machine does not exist.</exception>
    /// <exception cref="ValidationException">The input does not satisfy the constraints specified by an AWS service. The input does not satisfy the constraints specified by an AWS service.</exception>
    Task<UpdateStateMachineResponse> UpdateStateMachineAsync(UpdateStateMachineRequest request, CancellationToken cancellationToken = default);

    /// <summary>Updates the configuration of an existing state machine alias by modifying its description or routingConfiguration. You must specify at least one of the description or routingConfiguration parameters to update a state machine alias.</summary>
    /// <param name="request">The request.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The response.</returns>
    /// <exception cref="ConflictException">Updating or deleting a resource can cause an inconsistent state.</exception>
    /// <exception cref="InvalidArnException">The provided Amazon Resource Name (ARN) is not valid.</exception>
    /// <exception cref="ResourceNotFoundException">Could not find the referenced resource.</exception>
    /// <exception cref="StateMachineDeletingException">The specified state machine is being deleted.</exception>
    /// <exception cref="ValidationException">The input does not satisfy the constraints specified by an AWS service. The input does not satisfy the constraints specified by an AWS service.</exception>
    Task<UpdateStateMachineAliasResponse> UpdateStateMachineAliasAsync(UpdateStateMachineAliasRequest request, CancellationToken cancellationToken = default);

    /// <summary>Validates the syntax of a state machine definition specified in Amazon States Language (ASL), a JSON-based, structured language. You can validate that a state machine definition is correct without creating a state machine resource.</summary>
    /// <param name="request">The request.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The response.</returns>
    /// <exception cref="ValidationException">The input does not satisfy the constraints specified by an AWS service. The input does not satisfy the constraints specified by an AWS service.</exception>
    Task<ValidateStateMachineDefinitionResponse> ValidateStateMachineDefinitionAsync(ValidateStateMachineDefinitionRequest request, CancellationToken cancellationToken = default);
}
