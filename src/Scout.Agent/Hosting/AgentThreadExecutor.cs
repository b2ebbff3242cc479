using Akka.Configuration;
using Akka.Dispatch;

namespace Scout.Agent.Hosting;

/// <summary>
/// Runs the agent's actors on one thread of their own instead of the .NET thread pool. Every work item
/// queued on the pool wakes a worker, and each worker that finds an item wakes another in case there is
/// more: for a reading a second that passes through three actors, most of the agent's wake-ups (a third
/// of its CPU, docs/benchmarks.md). Here a message between the agent's actors is an enqueue on the thread
/// that is already running, and only a message from outside (a timer, the server) wakes it. Its actors
/// never block and their work is small, so one thread is enough. Chosen for the default dispatcher in
/// hocon/agent.hocon with <c>executor</c>.
/// </summary>
public sealed class AgentThreadExecutorConfigurator(Config config, IDispatcherPrerequisites prerequisites)
    : ExecutorServiceConfigurator(config, prerequisites)
{
    public override ExecutorService Produce(string id) => new AgentThreadExecutor(id);
}

/// <summary>A queue and the one thread that empties it, sleeping without spinning when there is nothing to run.</summary>
public sealed class AgentThreadExecutor : ExecutorService
{
    private readonly object _gate = new();
    private readonly Queue<IRunnable> _queue = new();
    private readonly Thread _thread;
    private readonly TaskCompletionSource _ended = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private bool _sleeping;
    private bool _shutdown;

    public AgentThreadExecutor(string id) : base(id)
    {
        _thread = new Thread(Run) { IsBackground = true, Name = "scout-actors" };
        _thread.Start();
    }

    /// <summary>Completes when the thread has ended, after a shutdown and the items queued before it.</summary>
    public Task Ended => _ended.Task;

    /// <summary>Whether the caller is the executor's own thread (an actor of this dispatcher is running).</summary>
    public bool IsCurrentThread => Thread.CurrentThread == _thread;

    public override void Execute(IRunnable run)
    {
        lock (_gate)
        {
            if (!_shutdown)
            {
                _queue.Enqueue(run);
                if (_sleeping)
                {
                    Monitor.Pulse(_gate);
                }
                return;
            }
        }
        // Akka replaces an executor it shut down; an item racing that still runs, on the pool, rather than
        // failing the caller's tell.
        ThreadPool.UnsafeQueueUserWorkItem(run, preferLocal: false);
    }

    /// <summary>Runs what is queued already, then lets the thread end.</summary>
    public override void Shutdown()
    {
        lock (_gate)
        {
            _shutdown = true;
            Monitor.Pulse(_gate);
        }
    }

    private void Run()
    {
        try
        {
            RunAll();
        }
        finally
        {
            _ended.TrySetResult();
        }
    }

    private void RunAll()
    {
        while (Take() is { } run)
        {
            // Akka's mailbox runs catch and report actor failures; anything else escaping must not end the thread.
            try
            {
                run.Run();
            }
            catch (Exception e)
            {
                Console.Error.WriteLine($"scout-agent: a task on {Id} failed: {e}");
            }
        }
    }

    private IRunnable? Take()
    {
        lock (_gate)
        {
            while (_queue.Count == 0)
            {
                if (_shutdown)
                {
                    return null;
                }
                _sleeping = true;
                Monitor.Wait(_gate);
                _sleeping = false;
            }
            return _queue.Dequeue();
        }
    }
}
