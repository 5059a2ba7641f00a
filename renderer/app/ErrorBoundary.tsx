import type { ErrorInfo, ReactNode } from 'react';
import { Component } from 'react';

interface Props {
  readonly area: string;
  readonly children: ReactNode;
}

interface State {
  readonly message: string | null;
}

/** A part of the screen that failed shows its message (never a stack) and can be retried; the rest keeps working. */
export class ErrorBoundary extends Component<Props, State> {
  override state: State = { message: null };

  static getDerivedStateFromError(err: unknown): State {
    return { message: err instanceof Error ? err.message : String(err) };
  }

  override componentDidCatch(err: unknown, info: ErrorInfo): void {
    // Developers get the details in the console; users get the message only.
    console.error(`RunLens: ${this.props.area} failed`, err, info.componentStack);
  }

  override render(): ReactNode {
    if (this.state.message === null) return this.props.children;
    return (
      <div className="panel-failed" role="alert">
        <p>
          The {this.props.area} could not be shown: {this.state.message}
        </p>
        <button type="button" onClick={() => this.setState({ message: null })}>
          Try again
        </button>
      </div>
    );
  }
}
