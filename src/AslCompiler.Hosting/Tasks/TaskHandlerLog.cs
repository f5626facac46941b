using System;
using AslCompiler.Runtime.Tasks;
using Microsoft.Extensions.Logging;

namespace AslCompiler.Hosting.Tasks;

/// <summary>
/// Logs a task handler's unexpected exception (category <c>AslCompiler.Hosting.TaskHandlers</c>, event 400, Warning): the
/// task fails with the exception's type name, which the workflow may catch, so in-process code that crashes would
/// otherwise show only in the execution's cause.
/// </summary>
internal static partial class TaskHandlerLog
{
    /// <summary>The category the handlers' exceptions are logged under.</summary>
    public const string Category = "AslCompiler.Hosting.TaskHandlers";

    /// <summary>The kernel's <c>TaskHandlerFailed</c> callback that logs to <paramref name="loggerFactory"/>.</summary>
    public static Action<TaskInvocation, Exception> Logging(ILoggerFactory loggerFactory)
    {
        var logger = loggerFactory.CreateLogger(Category);
        return (invocation, exception) => HandlerFailed(logger, exception, invocation.StateName, invocation.Resource, invocation.ExecutionArn, exception.GetType().Name);
    }

    [LoggerMessage(EventId = 400, Level = LogLevel.Warning, Message = "The handler of the task state '{StateName}' ({Resource}) of {ExecutionArn} threw; the task fails with the error '{Error}'")]
    private static partial void HandlerFailed(ILogger logger, Exception exception, string stateName, string resource, string executionArn, string error);
}
